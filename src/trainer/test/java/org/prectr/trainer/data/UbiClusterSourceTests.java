package org.prectr.trainer.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code --ubi-from}: the UBI fixture excerpt served by a small HTTP server that answers as OpenSearch's
 * point-in-time API does (create, search with {@code pit} and {@code search_after}, delete), read in
 * pages of 2; the impressions equal those read from the file, and both points in time are deleted.
 */
public class UbiClusterSourceTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final Map<String, List<JsonNode>> indexes = new java.util.HashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Before
    public void serve() throws Exception {
        Path excerpt = Path.of(UbiClusterSourceTests.class.getResource("/ubi_fixture_excerpt.ndjson").toURI());
        indexes.put("ubi_queries", new ArrayList<>());
        indexes.put("ubi_events", new ArrayList<>());
        String index = null;
        for (String line : Files.readAllLines(excerpt, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (node.size() == 1 && (node.has("index") || node.has("create"))) {
                index = (node.has("index") ? node.get("index") : node.get("create")).path("_index").asText(null);
                continue;
            }
            boolean event = node.has("action_name") || (index != null && index.contains("event"));
            indexes.get(event ? "ubi_events" : "ubi_queries").add(node);
            index = null;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @After
    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        calls.add(method + " " + path);
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        ObjectNode answer = JSON.createObjectNode();
        int status = 200;
        if (method.equals("POST") && path.endsWith("/_search/point_in_time")) {
            String name = path.substring(1, path.indexOf('/', 1));
            if (indexes.containsKey(name)) {
                answer.put("pit_id", "pit-" + name);
            } else {
                status = 404;
                answer.put("error", "no such index [" + name + "]");
            }
        } else if (method.equals("POST") && path.equals("/_search")) {
            answer = search(body);
        } else if (method.equals("DELETE")) {
            answer.put("deleted", true);
        }
        byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private ObjectNode search(JsonNode request) {
        String pit = request.path("pit").path("id").asText();
        List<JsonNode> docs = indexes.get(pit.substring("pit-".length()));
        int size = request.path("size").asInt();
        int from = request.has("search_after") ? request.path("search_after").get(0).asInt() + 1 : 0;
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode hits = answer.putObject("hits").putArray("hits");
        for (int i = from; i < Math.min(docs.size(), from + size); i++) {
            ObjectNode hit = hits.addObject();
            hit.put("_id", pit + "-" + i);
            hit.set("_source", docs.get(i));
            hit.putArray("sort").add(i);
        }
        return answer;
    }

    @Test
    public void readsTheSameImpressionsAsTheFileInPagesAndDeletesThePointsInTime() throws Exception {
        URI cluster = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        List<Impression> fromCluster = new UbiClusterSource(cluster, 2).read("ubi_queries", "ubi_events");
        Path excerpt = Path.of(UbiClusterSourceTests.class.getResource("/ubi_fixture_excerpt.ndjson").toURI());
        assertEquals(UbiLogReader.read(excerpt), fromCluster);
        assertTrue(fromCluster.size() > 5);
        long searches = calls.stream().filter(c -> c.equals("POST /_search")).count();
        int documents = indexes.get("ubi_queries").size() + indexes.get("ubi_events").size();
        assertTrue("paged: " + calls, searches >= documents / 2);
        assertEquals(2, calls.stream().filter(c -> c.equals("DELETE /_search/point_in_time")).count());
    }

    @Test
    public void aMissingIndexAndABadAddressAreNamed() {
        URI cluster = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        IOException e = assertThrows(IOException.class, () -> new UbiClusterSource(cluster).read("nope", "ubi_events"));
        assertTrue(e.getMessage(), e.getMessage().startsWith(
            "[--ubi-from] POST /nope/_search/point_in_time?keep_alive=2m on index [nope] failed with HTTP [404]"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new UbiClusterSource(URI.create("ftp://x")));
        assertEquals("[--ubi-from] must be an http(s)://host:port address but was [ftp://x]", bad.getMessage());
    }
}
