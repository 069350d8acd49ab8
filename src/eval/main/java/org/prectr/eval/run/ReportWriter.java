package org.prectr.eval.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.prectr.eval.metrics.Calibration;
import org.prectr.eval.metrics.MetricNames;
import org.prectr.eval.sim.CandidateProtocol;
import org.prectr.eval.sim.SimSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's results: {@code results.json} (the shape of issue 4: {@code {"models": {"<name>":
 * {"ndcg10_esci": .., ..., "cold_start": {...}, "active": {...}}}}} plus run facts and the checks:
 * {@code "checks": {"<name>": {"pass": bool, "kind": "sanity"|"goal", "detail": ".."}}}),
 * {@code results.md} (tables) and {@code report.html} (inline SVG plots, no scripts).
 */
public final class ReportWriter {
    /** Stated in every output. */
    public static final String PROVENANCE = "Queries, products and relevance grades are real (ESCI); users, sessions, "
            + "impressions and clicks are SIMULATED (prectr-eval simulator, see docs/evaluation.md).";

    private ReportWriter() {}

    public static void write(EvalResults results, Path out) throws IOException {
        Files.createDirectories(out);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(out.resolve("results.json").toFile(), json(mapper, results));
        Files.writeString(out.resolve("results.md"), markdown(results), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.html"), HtmlReport.render(results), StandardCharsets.UTF_8);
    }

    static ObjectNode json(ObjectMapper mapper, EvalResults r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("provenance", PROVENANCE);
        ObjectNode models = root.putObject("models");
        for (ModelResult m : r.models().values()) {
            ObjectNode node = models.putObject(m.name());
            putMetrics(node, m.overall());
            for (Map.Entry<String, Map<String, Double>> b : m.buckets().entrySet()) {
                putMetrics(node.putObject(b.getKey()), b.getValue());
            }
            if (m.calibration() != null) {
                ObjectNode cal = node.putObject("calibration");
                cal.put("ece", round(m.calibration().expectedError()));
                ArrayNode bins = cal.putArray("bins");
                for (Calibration.Bin bin : m.calibration().bins()) {
                    bins.addObject().put("lower", bin.lower()).put("upper", bin.upper()).put("count", bin.count())
                            .put("mean_predicted", round(bin.meanPredicted())).put("observed_rate", round(bin.observedRate()));
                }
            }
            node.put("scoring_seconds", round(m.seconds()));
        }
        ObjectNode failed = root.putObject("failed_models");
        r.failures().forEach(failed::put);
        ObjectNode checks = root.putObject("checks");
        for (Check c : r.checks()) {
            checks.putObject(c.name()).put("pass", c.passed()).put("kind", c.kind().label()).put("detail", c.detail());
        }
        ObjectNode run = root.putObject("run");
        EvalSettings s = r.settings();
        run.put("command", s.command());
        run.put("train_judgments", s.trainJudgments().toString());
        run.put("test_judgments", s.testJudgments().toString());
        run.put("products", s.products().toString());
        run.put("train_queries", r.simulation().train().stream().map(SimSession::query).distinct().count());
        run.put("test_queries", r.simulation().test().stream().map(SimSession::query).distinct().count());
        run.put("protocol", s.simulation().protocol().label());
        run.put("bm25_fields", String.join(",", s.bm25Fields()));
        run.set("simulation", mapper.valueToTree(s.simulation()));
        run.put("users", r.simulation().users().size());
        run.put("train_sessions", r.simulation().train().size());
        run.put("test_sessions", r.simulation().test().size());
        run.put("train_clicks", r.simulation().train().stream().mapToInt(SimSession::clickCount).sum());
        run.put("test_clicks", r.simulation().test().stream().mapToInt(SimSession::clickCount).sum());
        run.put("seconds", round(r.seconds()));
        ObjectNode ctr = root.putObject("ctr_by_position");
        ArrayNode train = ctr.putArray("train");
        for (double c : r.trainCtr()) train.add(round(c));
        ArrayNode test = ctr.putArray("test");
        for (double c : r.testCtr()) test.add(round(c));
        return root;
    }

    private static void putMetrics(ObjectNode node, Map<String, Double> metrics) {
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (e.getValue().isNaN()) node.putNull(e.getKey()); // JSON has no NaN
            else if (e.getKey().equals(MetricNames.SESSIONS)) node.put(e.getKey(), e.getValue().longValue());
            else node.put(e.getKey(), round(e.getValue()));
        }
    }

    static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 1e5) / 1e5;
    }

    static String markdown(EvalResults r) {
        StringBuilder b = new StringBuilder();
        b.append("# PRECTR evaluation results\n\n").append(PROVENANCE).append("\n\n");
        b.append("Command: `").append(r.settings().command()).append("`\n\n");
        b.append(String.format(Locale.ROOT, "Users %d (seed %d, click model %s); training period %d sessions, %d clicks; "
                        + "test period %d sessions, %d clicks; protocol %s (%s), page %d.%n%n",
                r.simulation().users().size(), r.settings().simulation().seed(), r.settings().simulation().clickModel().label(),
                r.simulation().train().size(), r.simulation().train().stream().mapToInt(SimSession::clickCount).sum(),
                r.simulation().test().size(), r.simulation().test().stream().mapToInt(SimSession::clickCount).sum(),
                r.settings().simulation().protocol().label(),
                r.settings().simulation().protocol() == CandidateProtocol.GRADED
                        ? "candidates: each query's judged products in BM25 order"
                        : "candidates: BM25 top " + r.settings().simulation().window() + " of the catalogue",
                r.settings().simulation().pageSize()));
        b.append("## All test sessions\n\n");
        table(b, r, null);
        for (String bucket : MetricNames.BUCKETS) {
            b.append("\n## ").append(bucket.equals("cold_start") ? "Cold-start users (0-2 past sessions)" : "Active users (3+ past sessions)")
                    .append("\n\n");
            table(b, r, bucket);
        }
        if (!r.failures().isEmpty()) {
            b.append("\n## Models that failed to train or load\n\n");
            r.failures().forEach((name, message) -> b.append("- ").append(name).append(": ").append(message).append('\n'));
        }
        b.append("\n## Calibration of the click probability (expected calibration error, 10 bins)\n\n");
        boolean any = false;
        for (ModelResult m : r.models().values()) {
            if (m.calibration() == null) continue;
            any = true;
            b.append(String.format(Locale.ROOT, "- %s: ECE %.4f%n", m.name(), m.calibration().expectedError()));
        }
        if (!any) b.append("No model in this run gives a click probability.\n");
        b.append("\n## Checks (sanity: the harness works; goal: issue 10's quality goals)\n\n");
        for (Check c : r.checks()) {
            b.append("- ").append(c.passed() ? "PASS" : "FAIL").append(' ').append(c.kind().label()).append(" `")
                    .append(c.name()).append("`: ")
                    .append(c.detail()).append('\n');
        }
        b.append("\nSimulated CTR by position, training log: ").append(EvalRunner.fmt(r.trainCtr())).append('\n');
        b.append("Simulated CTR by position, test log: ").append(EvalRunner.fmt(r.testCtr())).append('\n');
        return b.toString();
    }

    private static void table(StringBuilder b, EvalResults r, String bucket) {
        b.append("| model |");
        for (String m : MetricNames.ALL) b.append(' ').append(m).append(" |");
        b.append("\n|---|");
        b.append("---:|".repeat(MetricNames.ALL.size()));
        b.append('\n');
        for (ModelResult m : r.models().values()) {
            Map<String, Double> values = bucket == null ? m.overall() : m.buckets().get(bucket);
            b.append("| ").append(m.name()).append(" |");
            for (String name : MetricNames.ALL) {
                Double v = values.get(name);
                if (v == null || v.isNaN()) b.append(" - |");
                else if (name.equals(MetricNames.SESSIONS)) b.append(' ').append(v.longValue()).append(" |");
                else b.append(String.format(Locale.ROOT, " %.4f |", v));
            }
            b.append('\n');
        }
    }
}
