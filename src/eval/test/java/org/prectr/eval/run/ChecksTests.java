package org.prectr.eval.run;

import org.junit.Test;
import org.prectr.eval.metrics.MetricNames;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The pass/fail logic of every check, on hand-made results just either side of each threshold. */
public class ChecksTests {

    private static ModelResult model(String name, double ndcg, double relevance, double irrelevant, double auc, double gauc,
                                     double coldPersonal) {
        Map<String, Double> overall = new LinkedHashMap<>();
        overall.put(MetricNames.NDCG10_ESCI, ndcg);
        if (!Double.isNaN(relevance)) overall.put(MetricNames.RELEVANCE_NDCG10_ESCI, relevance);
        overall.put(MetricNames.IRRELEVANT10, irrelevant);
        overall.put(MetricNames.AUC, auc);
        overall.put(MetricNames.GAUC, gauc);
        Map<String, Map<String, Double>> buckets = Map.of("cold_start", Map.of(MetricNames.NDCG10_PERSONAL, coldPersonal),
                "active", Map.of());
        return new ModelResult(name, overall, buckets, null, 0);
    }

    private static Map<String, ModelResult> results(double headNdcg, double finalNdcg, double irrelevant, double auc,
                                                    double coldV2) {
        Map<String, ModelResult> r = new LinkedHashMap<>();
        r.put("bm25", model("bm25", 0.65, Double.NaN, 0.10, 0.60, 0.70, 0.5));
        r.put("oracle", model("oracle", 1.0, 1.0, 0.0, 0.6, 0.6, 0.7));
        r.put("teacher_bge", model("teacher_bge", 0.70, Double.NaN, 0.08, 0.6, 0.6, 0.5));
        r.put("dnn_click", model("dnn_click", 0.66, Double.NaN, 0.09, 0.70, 0.75, 0.5));
        r.put("fused_rule", model("fused_rule", 0.68, 0.7, 0.07, 0.71, 0.74, 0.5));
        r.put("prectr_v1", model("prectr_v1", 0.69, 0.72, 0.07, 0.70, 0.74, 0.60));
        r.put("prectr_v2", model("prectr_v2", finalNdcg, headNdcg, irrelevant, auc, auc + 0.05, coldV2));
        return r;
    }

    private static Map<String, Check> byName(List<Check> checks) {
        Map<String, Check> m = new LinkedHashMap<>();
        for (Check c : checks) m.put(c.name(), c);
        return m;
    }

    @Test
    public void goalsPassJustAtTheirThresholdsAndFailJustBelow() {
        Map<String, Checks.PersonalGain> gains = new LinkedHashMap<>();
        gains.put("oracle_personal", new Checks.PersonalGain(0.93, 0.90, 0.90, 0.7, 0.6));   // gain 0.03
        gains.put("prectr_v2", new Checks.PersonalGain(0.611, 0.60, 0.60, 0.7, 0.6));        // 0.011 >= 0.03 / 3
        gains.put("prectr_v1", new Checks.PersonalGain(0.609, 0.60, 0.60, 0.7, 0.6));        // 0.009 < 0.01
        // head 0.72 >= 0.72 and >= bm25 + 0.06 = 0.71, above bge 0.70; final 0.70 >= 0.65 + 0.05; irrelevant 0.06 <= 0.6 x 0.10
        Map<String, Check> pass = byName(Checks.all(results(0.72, 0.7001, 0.06, 0.72, 0.61), gains, new double[0], new double[0]));
        for (String name : List.of("oracle_beats_bm25", "goal_relevance_head_ndcg10", "goal_relevance_head_above_teacher_bge",
                "goal_relevance_head_above_bm25", "goal_ndcg10_above_bm25", "goal_irrelevant10_below_bm25",
                "goal_auc_above_click_baselines", "goal_gauc_above_click_baselines", "goal_personal_gain:prectr_v2",
                "goal_cold_start_v2_beats_v1", "shuffled_users_remove_personal_gain:prectr_v2")) {
            assertTrue(name + ": " + pass.get(name), pass.get(name).passed());
        }
        assertEquals(Check.Kind.GOAL, pass.get("goal_ndcg10_above_bm25").kind());
        assertEquals(Check.Kind.SANITY, pass.get("oracle_beats_bm25").kind());
        // v1's shuffled check passes but its gain is under a third of the oracle's
        assertTrue(pass.get("shuffled_users_remove_personal_gain:prectr_v1").passed());
        assertFalse(pass.get("goal_personal_gain:prectr_v1").detail(), pass.get("goal_personal_gain:prectr_v1").passed());

        Map<String, Check> fail = byName(Checks.all(results(0.7199, 0.6999, 0.0601, 0.705, 0.60), gains, new double[0], new double[0]));
        for (String name : List.of("goal_relevance_head_ndcg10", "goal_ndcg10_above_bm25", "goal_irrelevant10_below_bm25",
                "goal_auc_above_click_baselines", "goal_cold_start_v2_beats_v1")) {
            assertFalse(name + ": " + fail.get(name), fail.get(name).passed());
        }
        // GAUC 0.755 is above both click baselines although AUC 0.705 is not above fused_rule's 0.71
        assertTrue(fail.get("goal_gauc_above_click_baselines").passed());
        assertTrue(fail.get("goal_relevance_head_above_teacher_bge").passed());
        assertTrue(fail.get("goal_relevance_head_above_bm25").passed()); // 0.7199 >= 0.65 + 0.06
        assertEquals("prectr_v2 irrelevant@10 0.0601 vs BM25 0.1000, goal <= 0.6 x BM25 = 0.0600",
                fail.get("goal_irrelevant10_below_bm25").detail());
    }

    @Test
    public void aShuffledGainAsLargeAsHalfTheRealOneFailsTheSanityCheckAndTheGoal() {
        Map<String, Checks.PersonalGain> gains = new LinkedHashMap<>();
        gains.put("oracle_personal", new Checks.PersonalGain(0.93, 0.90, 0.90, 0.7, 0.6));
        gains.put("prectr_v2", new Checks.PersonalGain(0.62, 0.612, 0.60, 0.7, 0.7)); // shuffled gain 0.012 > real / 2
        Map<String, Check> c = byName(Checks.all(results(0.72, 0.70, 0.06, 0.72, 0.61), gains, new double[0], new double[0]));
        assertFalse(c.get("shuffled_users_remove_personal_gain:prectr_v2").passed());
        assertFalse(c.get("goal_personal_gain:prectr_v2").passed());
        assertFalse(new Checks.PersonalGain(0.60, 0.59, 0.60, 0.7, 0.7).passes()); // no real gain
    }

    @Test
    public void checksOfModelsNotRunFailAndSaySo() {
        Map<String, ModelResult> r = new LinkedHashMap<>();
        r.put("bm25", model("bm25", 0.65, Double.NaN, 0.10, 0.60, 0.70, 0.5));
        Map<String, Check> c = byName(Checks.all(r, Map.of(), new double[] {0.5, 0.2, 0.1, 0.05}, new double[0]));
        assertFalse(c.get("oracle_beats_bm25").passed());
        assertEquals("not evaluated: needs oracle", c.get("oracle_beats_bm25").detail());
        assertEquals("not evaluated: needs prectr_v2, dnn_click, fused_rule", c.get("goal_auc_above_click_baselines").detail());
        assertEquals("not evaluated: needs prectr_v2, teacher_bge", c.get("goal_relevance_head_above_teacher_bge").detail());
        assertTrue(c.get("ctr_falls_with_rank").passed());
        for (Check check : c.values()) {
            if (check.kind() == Check.Kind.GOAL) assertFalse(check.name(), check.passed());
        }
        assertEquals(2 + 10, c.size()); // oracle_beats_bm25, ctr_falls_with_rank (no personal model) and the 10 goals
    }

    @Test
    public void ctrMustFallOverTheFirstPositions() {
        assertTrue(Checks.falls(new double[] {0.4, 0.2, 0.1, 0.1, 0.05, 0.05}));
        assertFalse(Checks.falls(new double[] {0.4, 0.2, 0.25, 0.1, 0.05, 0.05}));
        assertFalse(Checks.falls(new double[] {0.3, 0.2, 0.1, 0.3, 0.3, 0.3}));
    }
}
