package org.prectr.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a User Behavior Insights log straight from an OpenSearch cluster ({@code --ubi-from
 * http://host:port}): every document of the queries and the events index, paged with a point in time
 * and {@code search_after} on {@code _shard_doc} (a consistent snapshot, however large the log), then
 * parsed by {@link UbiLogReader} exactly as the lines of a file. A missing index is an error naming it
 * (a trainer run needs its log); the point in time is deleted when the read ends.
 */
public final class UbiClusterSource {

    /** Documents per page. */
    static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI cluster;
    private final HttpClient http;
    private final int page;

    /**
     * @param cluster the cluster's HTTP address, {@code http://host:port}
     * @throws IllegalArgumentException {@code [--ubi-from] must be an http(s)://host:port address but was [x]}
     */
    public UbiClusterSource(URI cluster) {
        this(cluster, PAGE);
    }

    UbiClusterSource(URI cluster, int page) { // visible for testing: small pages
        if (cluster.getScheme() == null || (cluster.getScheme().equals("http") == false && cluster.getScheme().equals("https") == false)
            || cluster.getHost() == null) {
            throw new IllegalArgumentException("[--ubi-from] must be an http(s)://host:port address but was [" + cluster + "]");
        }
        this.cluster = URI.create(cluster.getScheme() + "://" + cluster.getHost() + (cluster.getPort() < 0 ? "" : ":" + cluster.getPort()));
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        this.page = page;
    }

    /**
     * @param queriesIndex the UBI queries index, e.g. {@code ubi_queries}
     * @param eventsIndex the UBI events index, e.g. {@code ubi_events}
     * @return the impressions, as {@link UbiLogReader#read(Path)} derives them from a file
     * @throws IOException when the cluster cannot be read (the message names the index and the status)
     */
    public List<Impression> read(String queriesIndex, String eventsIndex) throws IOException {
        return UbiLogReader.read(documents(queriesIndex), documents(eventsIndex));
    }

    /** Every document of an index, keyed by where it came from ("document [id] of index [name]"). */
    Map<String, JsonNode> documents(String index) throws IOException {
        JsonNode created = call("POST", "/" + URLEncoder.encode(index, StandardCharsets.UTF_8) + "/_search/point_in_time?keep_alive=2m",
            null, index);
        String pit = created.path("pit_id").asText("");
        if (pit.isEmpty()) {
            throw new IOException("[--ubi-from] creating a point in time on index [" + index + "] returned no pit_id: " + created);
        }
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        try {
            JsonNode after = null;
            while (true) {
                ObjectNode body = JSON.createObjectNode();
                body.put("size", page);
                body.putObject("pit").put("id", pit).put("keep_alive", "2m");
                body.putArray("sort").addObject().put("_shard_doc", "asc");
                body.put("track_total_hits", false);
                if (after != null) {
                    body.set("search_after", after);
                }
                JsonNode hits = call("POST", "/_search", body, index).path("hits").path("hits");
                for (JsonNode hit : hits) {
                    documents.put("document [" + hit.path("_id").asText() + "] of index [" + index + "]", hit.path("_source"));
                    after = hit.path("sort");
                }
                if (hits.size() < page) {
                    return documents;
                }
                if (after instanceof ArrayNode == false || after.isEmpty()) {
                    throw new IOException("[--ubi-from] index [" + index + "] returned hits without sort values");
                }
            }
        } finally {
            ObjectNode delete = JSON.createObjectNode();
            delete.putArray("pit_id").add(pit);
            try {
                call("DELETE", "/_search/point_in_time", delete, index);
            } catch (IOException ignored) {
                // the point in time expires by itself (keep_alive)
            }
        }
    }

    private JsonNode call(String method, String path, JsonNode body, String index) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(cluster.resolve(path)).timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("[--ubi-from] interrupted while reading index [" + index + "]", e);
        } catch (IOException e) {
            throw new IOException("[--ubi-from] cannot reach [" + cluster + "] to read index [" + index + "]: " + e.getMessage(), e);
        }
        if (response.statusCode() / 100 != 2) {
            String reason = response.body().length() > 300 ? response.body().substring(0, 300) + "..." : response.body();
            throw new IOException("[--ubi-from] " + method + " " + path + " on index [" + index + "] failed with HTTP ["
                + response.statusCode() + "]: " + reason);
        }
        return JSON.readTree(response.body());
    }
}
