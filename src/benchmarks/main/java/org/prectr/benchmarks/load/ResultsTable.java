package org.prectr.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Turns the JSON lines of one load run ({@link LoadGenerator}) into the side-by-side markdown table of
 * docs/benchmarks.md: per client count, every variant's p50, p99 and QPS, its QPS as a share of the
 * {@value #REFERENCE} variant, and its added p50 latency per window hit over {@value #REFERENCE}
 * (the rescoring cost per hit, as the client sees it) and, when the run recorded it, the node's CPU time
 * per request and its added CPU time per window hit (the cost per hit per core, robust to contention).
 *
 * <pre>java -cp benchmarks.jar org.prectr.benchmarks.load.ResultsTable results.jsonl</pre>
 */
public final class ResultsTable {

    /** The variant every ratio is taken against: the first phase alone. */
    public static final String REFERENCE = "bm25";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsTable() {
    }

    /**
     * @param args the results file
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException {
        System.out.print(markdown(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)));
    }

    /**
     * @param lines JSON lines written by {@link LoadGenerator}
     * @return the markdown table
     * @throws IOException if a line is not JSON
     */
    public static String markdown(List<String> lines) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| clients | variant | W | requests | errors | p50 ms | p99 ms | QPS | QPS / bm25 | p50 / bm25 |"
            + " added p50 per hit (us) | node CPU ms / request | added node CPU per hit (us) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        TreeSet<Integer> clientCounts = new TreeSet<>();
        rows.forEach(r -> clientCounts.add(r.path("clients").asInt()));
        for (int clients : clientCounts) {
            JsonNode reference = null;
            for (JsonNode r : rows) {
                if (r.path("clients").asInt() == clients && REFERENCE.equals(r.path("variant").asText())) {
                    reference = r;
                }
            }
            for (JsonNode r : rows) {
                if (r.path("clients").asInt() != clients) {
                    continue;
                }
                int window = r.path("window").asInt();
                double p50 = r.path("p50_ms").asDouble();
                String qpsRatio = reference == null ? "-" : fmt("%.2f", r.path("qps").asDouble() / reference.path("qps").asDouble());
                String p50Ratio = reference == null ? "-" : fmt("%.2f", p50 / reference.path("p50_ms").asDouble());
                String perHit = reference == null || window == 0 ? "-"
                    : fmt("%.1f", (p50 - reference.path("p50_ms").asDouble()) * 1000.0 / window);
                String cpu = r.has("node_cpu_ms_per_request") ? fmt("%.2f", r.path("node_cpu_ms_per_request").asDouble()) : "-";
                String cpuPerHit = reference == null || window == 0 || r.has("node_cpu_ms_per_request") == false
                    || reference.has("node_cpu_ms_per_request") == false ? "-"
                    : fmt("%.1f", (r.path("node_cpu_ms_per_request").asDouble()
                        - reference.path("node_cpu_ms_per_request").asDouble()) * 1000.0 / window);
                out.append("| ").append(clients).append(" | ").append(r.path("variant").asText()).append(" | ")
                    .append(window == 0 ? "-" : String.valueOf(window)).append(" | ")
                    .append(r.path("requests").asInt()).append(" | ").append(r.path("errors").asInt()).append(" | ")
                    .append(fmt("%.1f", p50)).append(" | ").append(fmt("%.1f", r.path("p99_ms").asDouble())).append(" | ")
                    .append(fmt("%.1f", r.path("qps").asDouble())).append(" | ").append(qpsRatio).append(" | ")
                    .append(p50Ratio).append(" | ").append(perHit).append(" | ").append(cpu).append(" | ")
                    .append(cpuPerHit).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
