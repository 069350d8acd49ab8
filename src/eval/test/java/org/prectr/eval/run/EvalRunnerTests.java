package org.prectr.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;
import org.prectr.eval.MiniData;
import org.prectr.eval.sim.ClickModel;
import org.prectr.eval.sim.SimulationConfig;
import org.prectr.onnx.DeterministicBundleWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** A tiny end-to-end run of the harness on the real-ESCI mini fixture, with a real bundle served by the core. */
public class EvalRunnerTests {
    private static EvalSettings settings(Path out, List<String> models, Map<String, Path> bundles) {
        return new EvalSettings(MiniData.file("train.json"), MiniData.file("test.json"), MiniData.file("products.ndjson"),
                List.of("title"), SimulationConfig.defaults(42, ClickModel.PBM).withUsers(150), models, bundles, true, out,
                TrainingOptions.defaults(), "test");
    }

    @Test
    public void runsBaselinesAndAServedBundleAndWritesTheReports() throws Exception {
        Path dir = Files.createTempDirectory("eval-run");
        Path bundle = DeterministicBundleWriter.write(dir.resolve("bundles"), "demo");
        Path out = dir.resolve("out");
        EvalResults results = new EvalRunner(settings(out, List.of("bm25", "oracle_tolerance", "oracle_utility", "demo"),
                Map.of("demo", bundle))).run();

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode models = json.get("models");
        assertEquals(List.of("bm25", "oracle", "oracle_personal", "oracle_tolerance", "oracle_utility", "demo"),
                fieldNames(models));
        for (String name : fieldNames(models)) {
            JsonNode m = models.get(name);
            for (String metric : List.of("ndcg10_esci", "ndcg10_exp", "irrelevant10", "auc", "gauc", "ndcg10_personal")) {
                double v = m.get(metric).asDouble();
                assertTrue(name + " " + metric + " = " + v, v >= 0 && v <= 1);
            }
            assertTrue(name, m.has("cold_start") && m.has("active"));
            assertTrue(name, m.get("cold_start").get("sessions").asInt() > 0);
        }
        assertEquals(1.0, models.get("oracle_utility").get("ndcg10_personal").asDouble(), 1e-9);
        // knowing each user's hidden tolerance and brands ranks closer to their utility than the grades alone
        double tolerance = models.get("oracle_tolerance").get("ndcg10_personal").asDouble();
        double grades = models.get("oracle").get("ndcg10_personal").asDouble();
        assertTrue(tolerance + " vs " + grades, tolerance > grades + 0.02);
        assertTrue(models.get("oracle").get("ndcg10_esci").asDouble() > models.get("bm25").get("ndcg10_esci").asDouble());
        // the served bundle has a relevance head and a fused click probability
        assertTrue(models.get("demo").has("relevance_ndcg10_esci"));
        assertTrue(models.get("demo").get("calibration").get("bins").size() > 0);
        assertFalse(models.get("bm25").has("calibration"));
        // the sessions of both buckets add up to all test sessions
        assertEquals(models.get("bm25").get("sessions").asInt(),
                models.get("bm25").get("cold_start").get("sessions").asInt() + models.get("bm25").get("active").get("sessions").asInt());
        assertEquals(150 * 2, models.get("bm25").get("sessions").asInt());

        JsonNode checks = json.get("checks");
        assertTrue(checks.get("oracle_beats_bm25").get("pass").asBoolean());
        assertEquals("sanity", checks.get("oracle_beats_bm25").get("kind").asText());
        // three test queries are too few for a smooth test-log curve; the curve itself must be reported
        assertTrue(checks.get("ctr_falls_with_rank").get("detail").asText().contains("training log ["));
        assertEquals(10, json.get("ctr_by_position").get("train").size());
        assertTrue(checks.has("shuffled_users_remove_personal_gain:oracle_personal"));
        assertEquals(results.checks().size(), checks.size());
        // the goals are about prectr_v2, which this run did not train: they fail and say so
        assertFalse(checks.get("goal_ndcg10_above_bm25").get("pass").asBoolean());
        assertEquals("goal", checks.get("goal_ndcg10_above_bm25").get("kind").asText());
        assertEquals("not evaluated: needs prectr_v2", checks.get("goal_ndcg10_above_bm25").get("detail").asText());
        // graded protocol: every candidate is judged
        assertEquals("graded", json.get("run").get("protocol").asText());
        assertEquals(0.0, models.get("bm25").get("unjudged10").asDouble(), 0);
        assertEquals(models.get("bm25").get("ndcg10_esci").asDouble(), models.get("bm25").get("ndcg10_esci_judged").asDouble(), 0);
        assertTrue(json.get("provenance").asText().contains("SIMULATED"));

        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("SIMULATED") && md.contains("| demo |"));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Calibration") && !html.contains("<script"));
        assertTrue(Files.size(out.resolve("sim/train/ubi_queries_events.ndjson")) > 0);
    }

    @Test
    public void refusesUnknownModelsAndOverlappingSplits() throws Exception {
        Path out = Files.createTempDirectory("eval-bad");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EvalRunner(settings(out, List.of("nope"), Map.of())).run());
        assertTrue(e.getMessage(), e.getMessage().startsWith("[models] unknown model [nope]"));
        EvalSettings same = new EvalSettings(MiniData.file("train.json"), MiniData.file("train.json"),
                MiniData.file("products.ndjson"), List.of("title"), SimulationConfig.defaults(1, ClickModel.PBM).withUsers(10),
                List.of("bm25"), Map.of(), false, out, TrainingOptions.defaults(), "test");
        e = assertThrows(IllegalArgumentException.class, () -> new EvalRunner(same).run());
        assertEquals("[test-judgments] must not share queries with [train-judgments] but both have "
                + "[tastefully simple spinach and herb dip mix]", e.getMessage());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
