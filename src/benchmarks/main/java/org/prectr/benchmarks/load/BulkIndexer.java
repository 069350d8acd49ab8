package org.prectr.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Indexes the expanded ESCI catalog ({@link CatalogExpansion}) into a node through {@code _bulk},
 * optionally through an ingest pipeline (the {@code prectr_embedding} processor), with a bounded
 * number of requests in flight. Exits non-zero on the first bulk item error.
 *
 * <pre>
 * java -cp benchmarks.jar org.prectr.benchmarks.load.BulkIndexer --url http://127.0.0.1:9200
 *   --index catalog --products esci_us_ecommerce_shrunk.ndjson.zip --count 1000000
 *   [--pipeline prectr-embed] [--batch 1000] [--in-flight 2] [--seed 42]
 *   [--precomputed BUNDLE_DIR [--embedding-field emb]]  (no pipeline: see {@link PrecomputedEmbeddings})
 * </pre>
 */
public final class BulkIndexer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkIndexer() {
    }

    /**
     * @param args see the class comment
     * @throws Exception on a failed request or a bulk item error
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args, Set.of("url", "index", "products", "count", "pipeline", "batch", "in-flight", "seed",
            "precomputed", "embedding-field"));
        String url = a.string("url", "http://127.0.0.1:9200");
        String index = a.required("index");
        long count = a.number("count", 10_000, 1);
        int batch = (int) a.number("batch", 1000, 1);
        int inFlight = (int) a.number("in-flight", 2, 1);
        String pipeline = a.string("pipeline", "");
        CatalogExpansion catalog = new CatalogExpansion(EsciProducts.read(Path.of(a.required("products"))),
            a.number("seed", 42, 0));
        String precomputedBundle = a.string("precomputed", "");
        PrecomputedEmbeddings precomputed = precomputedBundle.isEmpty() ? null
            : new PrecomputedEmbeddings(Path.of(precomputedBundle), a.string("embedding-field", "emb"), catalog);
        URI target = URI.create(url + "/" + index + "/_bulk?refresh=false"
            + (pipeline.isEmpty() ? "" : "&pipeline=" + pipeline));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (long from = 0; from < count; from += batch) {
                String body = bulkBody(catalog, from, Math.min(count, from + batch), precomputed);
                pending.add(pool.submit(() -> send(http, target, body)));
                if (pending.size() >= inFlight) {
                    pending.remove(0).get();
                }
                if ((from / batch) % 100 == 0) {
                    System.err.printf("indexed ~%d of %d (%.0f docs/s)%n", from, count,
                        from / ((System.nanoTime() - start) / 1e9));
                }
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("indexed %d documents in %.1f s (%.0f docs/s), pipeline [%s]%s%n", count, seconds,
            count / seconds, pipeline, precomputed == null ? "" : ", embeddings precomputed by the benchmark (copies share their original's)");
    }

    static String bulkBody(CatalogExpansion catalog, long from, long to) throws IOException {
        return bulkBody(catalog, from, to, null);
    }

    static String bulkBody(CatalogExpansion catalog, long from, long to, PrecomputedEmbeddings precomputed) throws IOException {
        StringBuilder body = new StringBuilder();
        for (long i = from; i < to; i++) {
            CatalogProduct p = catalog.product(i);
            ObjectNode action = JSON.createObjectNode();
            action.putObject("index").put("_id", p.id());
            body.append(JSON.writeValueAsString(action)).append('\n');
            ObjectNode doc = document(p);
            if (precomputed != null) {
                precomputed.addTo(doc, i, p);
            }
            body.append(JSON.writeValueAsString(doc)).append('\n');
        }
        return body.toString();
    }

    static ObjectNode document(CatalogProduct p) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("title", p.title());
        doc.put("brand", p.brand());
        doc.put("color", p.color());
        if (!Double.isNaN(p.ratingCount())) {
            doc.put("rating_count", p.ratingCount());
        }
        if (!Double.isNaN(p.rating())) {
            doc.put("rating", p.rating());
        }
        doc.put("is_book", p.isBook());
        if (!Double.isNaN(p.price())) {
            doc.put("price", p.price());
        }
        return doc;
    }

    private static Void send(HttpClient http, URI target, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("bulk request got [" + response.statusCode() + "]: " + head(response.body()));
        }
        JsonNode result = JSON.readTree(response.body());
        if (result.path("errors").asBoolean(false)) {
            for (JsonNode item : result.path("items")) {
                JsonNode error = item.path("index").path("error");
                if (!error.isMissingNode()) {
                    throw new IOException("bulk item failed: " + head(error.toString()));
                }
            }
        }
        return null;
    }

    private static String head(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }
}
