package org.prectr.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop HTTP load generator for one search variant: C client threads, each sending its next
 * request as soon as the previous one answered, first a warm-up phase (not measured), then a bounded
 * measured phase (a request count and a time cap, whichever comes first). Appends one JSON line
 * (variant, clients, {@link LatencySummary} and, with {@code --pid}, the node's CPU milliseconds per
 * request from {@link ProcessCpu}) to the results file; {@link ResultsTable} turns the
 * lines of one run into the side-by-side table.
 *
 * <pre>
 * java -cp benchmarks.jar org.prectr.benchmarks.load.LoadGenerator --url http://127.0.0.1:9200
 *   --index catalog --queries esci_us_queryset_dev.json --variant prectr-w200 [--model esci-v2 --window 200]
 *   --clients 8 --requests 400 --warmup 40 --max-seconds 120 --out results.jsonl [--pid NODE_PID]
 * </pre>
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadGenerator() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the node cannot be reached or every request failed
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args, Set.of("url", "index", "queries", "variant", "model", "window", "size", "clients",
            "requests", "warmup", "max-seconds", "out", "pid", "first-request"));
        String variant = a.required("variant");
        int clients = (int) a.number("clients", 1, 1);
        int requests = (int) a.number("requests", 200, 1);
        int warmup = (int) a.number("warmup", 20, 0);
        long maxNanos = a.number("max-seconds", 120, 1) * 1_000_000_000L;
        String model = a.string("model", null);
        RequestBodies bodies = new RequestBodies(readQueries(Path.of(a.required("queries"))), model,
            (int) a.number("window", 100, 1), (int) a.number("size", 10, 1));
        URI target = URI.create(a.string("url", "http://127.0.0.1:9200") + "/" + a.required("index") + "/_search");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        // --first-request: where in the query rotation this run starts (a run that must not repeat another's
        // queries, e.g. the per-hit transformer baseline, whose encodings the node's item encoding cache keeps)
        long first = a.number("first-request", 0, 0);
        run(http, target, bodies, clients, first, warmup, Long.MAX_VALUE, null);
        long pid = a.number("pid", 0, 0);
        Measured measured = new Measured(requests);
        long cpuBefore = pid > 0 ? ProcessCpu.millis(pid) : 0;
        long start = System.nanoTime();
        run(http, target, bodies, clients, first + warmup, requests, maxNanos, measured);
        long wall = System.nanoTime() - start;
        long cpuMillis = pid > 0 ? ProcessCpu.millis(pid) - cpuBefore : -1;

        LatencySummary summary = LatencySummary.of(measured.latencies(), measured.errors.get(), wall);
        ObjectNode line = JSON.createObjectNode();
        line.put("variant", variant).put("clients", clients).put("window", model == null ? 0 : bodies.window())
            .put("requests", summary.requests()).put("errors", summary.errors())
            .put("p50_ms", summary.p50Ms()).put("p99_ms", summary.p99Ms()).put("mean_ms", summary.meanMs())
            .put("qps", summary.qps()).put("wall_s", wall / 1e9);
        if (cpuMillis >= 0) {
            // all measured requests, failed ones included, used the node's CPU
            line.put("node_cpu_ms_per_request", (double) cpuMillis / Math.max(1, summary.requests() + summary.errors()));
        }
        System.out.println(line);
        String out = a.string("out", "");
        if (!out.isEmpty()) {
            Files.writeString(Path.of(out), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        }
        if (summary.requests() == 0) {
            System.err.println("every request failed; first error: " + measured.firstError.get());
            System.exit(1);
        }
        if (summary.errors() > 0) {
            System.err.println(summary.errors() + " requests failed; first error: " + measured.firstError.get());
            System.exit(2);
        }
    }

    /** Latencies of the measured phase, one slot per request number. */
    private static final class Measured {
        final long[] nanos;
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicReference<String> firstError = new AtomicReference<>();

        Measured(int requests) {
            nanos = new long[requests];
        }

        long[] latencies() {
            List<Long> ok = new ArrayList<>();
            for (long n : nanos) {
                if (n > 0) {
                    ok.add(n);
                }
            }
            return ok.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private static void run(HttpClient http, URI target, RequestBodies bodies, int clients, long offset, int count,
                            long maxNanos, Measured measured) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        long deadline = System.nanoTime() + Math.min(maxNanos, Long.MAX_VALUE / 4);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                long i;
                while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                    long begin = System.nanoTime();
                    String error = call(http, target, bodies.body(offset + i));
                    long took = System.nanoTime() - begin;
                    if (measured == null) {
                        continue;
                    }
                    if (error == null) {
                        measured.nanos[(int) i] = Math.max(1, took);
                    } else {
                        measured.errors.incrementAndGet();
                        measured.firstError.compareAndSet(null, error);
                    }
                }
            }, "load-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** @return null on success, else what went wrong */
    private static String call(HttpClient http, URI target, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "[" + response.statusCode() + "] " + response.body();
            }
            JsonNode hits = JSON.readTree(response.body()).path("hits").path("hits");
            return hits.isArray() ? null : "no hits array: " + response.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /**
     * @param queryset a Search Relevance Workbench query set ({@code querySetQueries[].queryText})
     * @return its query texts, in file order
     * @throws IOException if it cannot be read or holds no query
     */
    public static List<String> readQueries(Path queryset) throws IOException {
        List<String> queries = new ArrayList<>();
        for (JsonNode q : JSON.readTree(queryset.toFile()).path("querySetQueries")) {
            queries.add(q.path("queryText").asText());
        }
        if (queries.isEmpty()) {
            throw new IOException("[" + queryset + "] must hold querySetQueries[].queryText but holds none");
        }
        return queries;
    }
}
