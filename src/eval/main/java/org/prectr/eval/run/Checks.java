package org.prectr.eval.run;

import org.prectr.eval.metrics.MetricNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every check of a run, computed from its results: the sanity checks of the harness and the quality goals
 * of issue 10 (on the final model {@value #FINAL}). A check whose models were not evaluated fails and says
 * which model is missing.
 *
 * <p>Sanity: {@code oracle_beats_bm25}, {@code shuffled_users_remove_personal_gain:<model>} (per
 * personalised model checked), {@code ctr_falls_with_rank}. Goals: {@code goal_relevance_head_ndcg10}
 * (the relevance head's NDCG@10 >= {@value #RELEVANCE_MIN}), {@code goal_relevance_head_above_teacher_bge},
 * {@code goal_relevance_head_above_bm25} (by >= {@value #RELEVANCE_MARGIN}), {@code goal_ndcg10_above_bm25}
 * (final score, by >= {@value #FINAL_MARGIN}), {@code goal_irrelevant10_below_bm25} (<= {@value
 * #IRRELEVANT_SHARE} x BM25's), {@code goal_auc_above_click_baselines} and {@code goal_gauc_above_click_baselines}
 * (above {@code dnn_click} and {@code fused_rule}), {@code goal_personal_gain:prectr_v1|prectr_v2} (the
 * shuffled-users check passes and the real gain is >= 1/3 of {@code oracle_personal}'s), {@code
 * goal_cold_start_v2_beats_v1} (personalised NDCG@10 of cold-start users).
 */
public final class Checks {
    /** The model the goals are about. */
    public static final String FINAL = "prectr_v2";
    static final double RELEVANCE_MIN = 0.72;
    static final double RELEVANCE_MARGIN = 0.06;
    static final double FINAL_MARGIN = 0.05;
    static final double IRRELEVANT_SHARE = 0.6;
    static final double ORACLE_GAIN_SHARE = 1.0 / 3;
    static final String PERSONAL_ORACLE = "oracle_personal";

    private Checks() {}

    /**
     * The personalised NDCG@10 of one model with the users' real histories, with the histories handed to
     * other users (shuffled user ids) and with no history, and GAUC with real and shuffled histories.
     */
    public record PersonalGain(double real, double shuffled, double none, double realGauc, double shuffledGauc) {
        public double realGain() {
            return real - none;
        }

        public double shuffledGain() {
            return shuffled - none;
        }

        /** Personal preferences help and shuffling user ids removes most of the help. */
        public boolean passes() {
            return realGain() > 0 && shuffledGain() < realGain() / 2;
        }
    }

    /**
     * @param results the evaluated models
     * @param gains per personalised model checked, its shuffled-users numbers
     * @param trainCtr simulated CTR by position of the training log
     * @param testCtr the same of the test log
     * @return every check, sanity checks first
     */
    public static List<Check> all(Map<String, ModelResult> results, Map<String, PersonalGain> gains, double[] trainCtr,
                                  double[] testCtr) {
        List<Check> checks = new ArrayList<>();
        checks.add(oracleBeatsBm25(results));
        gains.forEach((model, g) -> checks.add(shuffledUsers(model, g)));
        checks.add(ctrFalls(trainCtr, testCtr));
        checks.addAll(goals(results, gains));
        return checks;
    }

    static Check oracleBeatsBm25(Map<String, ModelResult> results) {
        Double oracle = metric(results, "oracle", MetricNames.NDCG10_ESCI);
        Double bm25 = metric(results, "bm25", MetricNames.NDCG10_ESCI);
        if (oracle == null || bm25 == null) {
            return Check.sanity("oracle_beats_bm25", false, missing(results, "oracle", "bm25"));
        }
        return Check.sanity("oracle_beats_bm25", oracle > bm25, String.format(Locale.ROOT,
                "NDCG@10 (ESCI gains): ranking by the true grades %.4f vs BM25 %.4f", oracle, bm25));
    }

    static Check shuffledUsers(String model, PersonalGain g) {
        return Check.sanity("shuffled_users_remove_personal_gain:" + model, g.passes(), String.format(Locale.ROOT,
                "personalised NDCG@10: real histories %.4f, shuffled user ids %.4f, no history %.4f; gain %+.4f real vs %+.4f shuffled"
                        + " (GAUC %.4f real vs %.4f shuffled)",
                g.real(), g.shuffled(), g.none(), g.realGain(), g.shuffledGain(), g.realGauc(), g.shuffledGauc()));
    }

    static Check ctrFalls(double[] train, double[] test) {
        boolean passed = falls(train) && (test.length == 0 || falls(test));
        return Check.sanity("ctr_falls_with_rank", passed,
                "simulated CTR by position (0-based), training log " + EvalRunner.fmt(train) + "; test log " + EvalRunner.fmt(test));
    }

    /** CTR falls over the first three positions, and the first half of the page beats the second. */
    static boolean falls(double[] ctr) {
        if (ctr.length < 4) return ctr.length < 2 || ctr[0] > ctr[ctr.length - 1];
        double head = 0, tail = 0;
        for (int p = 0; p < ctr.length; p++) {
            if (p < ctr.length / 2) head += ctr[p]; else tail += ctr[p];
        }
        return ctr[0] > ctr[1] && ctr[1] > ctr[2] && head > tail;
    }

    static List<Check> goals(Map<String, ModelResult> results, Map<String, PersonalGain> gains) {
        List<Check> checks = new ArrayList<>();
        Double head = metric(results, FINAL, MetricNames.RELEVANCE_NDCG10_ESCI);
        Double bm25 = metric(results, "bm25", MetricNames.NDCG10_ESCI);
        Double bge = metric(results, "teacher_bge", MetricNames.NDCG10_ESCI);
        checks.add(head == null ? Check.goal("goal_relevance_head_ndcg10", false, missing(results, FINAL))
                : Check.goal("goal_relevance_head_ndcg10", head >= RELEVANCE_MIN, String.format(Locale.ROOT,
                "%s relevance head NDCG@10 %.4f, goal >= %.2f", FINAL, head, RELEVANCE_MIN)));
        checks.add(head == null || bge == null
                ? Check.goal("goal_relevance_head_above_teacher_bge", false, missing(results, FINAL, "teacher_bge"))
                : Check.goal("goal_relevance_head_above_teacher_bge", head > bge, String.format(Locale.ROOT,
                "%s relevance head NDCG@10 %.4f vs bge-small cosine %.4f", FINAL, head, bge)));
        checks.add(head == null || bm25 == null
                ? Check.goal("goal_relevance_head_above_bm25", false, missing(results, FINAL, "bm25"))
                : Check.goal("goal_relevance_head_above_bm25", head >= bm25 + RELEVANCE_MARGIN, String.format(Locale.ROOT,
                "%s relevance head NDCG@10 %.4f vs BM25 %.4f: %+.4f, goal >= %+.2f", FINAL, head, bm25, head - bm25,
                RELEVANCE_MARGIN)));
        Double score = metric(results, FINAL, MetricNames.NDCG10_ESCI);
        checks.add(score == null || bm25 == null
                ? Check.goal("goal_ndcg10_above_bm25", false, missing(results, FINAL, "bm25"))
                : Check.goal("goal_ndcg10_above_bm25", score >= bm25 + FINAL_MARGIN, String.format(Locale.ROOT,
                "%s NDCG@10 %.4f vs BM25 %.4f: %+.4f, goal >= %+.2f", FINAL, score, bm25, score - bm25, FINAL_MARGIN)));
        Double irr = metric(results, FINAL, MetricNames.IRRELEVANT10);
        Double irrBm25 = metric(results, "bm25", MetricNames.IRRELEVANT10);
        checks.add(irr == null || irrBm25 == null
                ? Check.goal("goal_irrelevant10_below_bm25", false, missing(results, FINAL, "bm25"))
                : Check.goal("goal_irrelevant10_below_bm25", irr <= IRRELEVANT_SHARE * irrBm25, String.format(Locale.ROOT,
                "%s irrelevant@10 %.4f vs BM25 %.4f, goal <= %.1f x BM25 = %.4f", FINAL, irr, irrBm25, IRRELEVANT_SHARE,
                IRRELEVANT_SHARE * irrBm25)));
        checks.add(aboveClickBaselines(results, MetricNames.AUC, "goal_auc_above_click_baselines"));
        checks.add(aboveClickBaselines(results, MetricNames.GAUC, "goal_gauc_above_click_baselines"));
        PersonalGain oracle = gains.get(PERSONAL_ORACLE);
        for (String model : List.of("prectr_v1", "prectr_v2")) {
            String name = "goal_personal_gain:" + model;
            PersonalGain g = gains.get(model);
            if (g == null || oracle == null) {
                checks.add(Check.goal(name, false, "not evaluated: needs the shuffled-users check of " + model + " and "
                        + PERSONAL_ORACLE + (g == null ? " (" + model + " missing)" : " (" + PERSONAL_ORACLE + " missing)")));
                continue;
            }
            boolean passed = g.passes() && g.realGain() >= ORACLE_GAIN_SHARE * oracle.realGain();
            checks.add(Check.goal(name, passed, String.format(Locale.ROOT,
                    "personalised NDCG@10 gain %+.4f real vs %+.4f shuffled (shuffled check %s); %s gain %+.4f, goal >= 1/3 of it = %+.4f",
                    g.realGain(), g.shuffledGain(), g.passes() ? "passes" : "fails", PERSONAL_ORACLE, oracle.realGain(),
                    ORACLE_GAIN_SHARE * oracle.realGain())));
        }
        Double v2 = bucketMetric(results, "prectr_v2", "cold_start", MetricNames.NDCG10_PERSONAL);
        Double v1 = bucketMetric(results, "prectr_v1", "cold_start", MetricNames.NDCG10_PERSONAL);
        checks.add(v1 == null || v2 == null
                ? Check.goal("goal_cold_start_v2_beats_v1", false, missing(results, "prectr_v2", "prectr_v1"))
                : Check.goal("goal_cold_start_v2_beats_v1", v2 > v1, String.format(Locale.ROOT,
                "cold-start users' personalised NDCG@10: prectr_v2 %.4f vs prectr_v1 %.4f", v2, v1)));
        return checks;
    }

    private static Check aboveClickBaselines(Map<String, ModelResult> results, String metric, String name) {
        Double v = metric(results, FINAL, metric);
        Double dnn = metric(results, "dnn_click", metric);
        Double fused = metric(results, "fused_rule", metric);
        if (v == null || dnn == null || fused == null) {
            return Check.goal(name, false, missing(results, FINAL, "dnn_click", "fused_rule"));
        }
        return Check.goal(name, v > dnn && v > fused, String.format(Locale.ROOT,
                "%s %s %.4f vs dnn_click %.4f, fused_rule %.4f", FINAL, metric, v, dnn, fused));
    }

    /** A metric of a model, or null when the model was not evaluated or the metric is undefined. */
    static Double metric(Map<String, ModelResult> results, String model, String metric) {
        ModelResult r = results.get(model);
        if (r == null) return null;
        Double v = r.overall().get(metric);
        return v == null || v.isNaN() ? null : v;
    }

    private static Double bucketMetric(Map<String, ModelResult> results, String model, String bucket, String metric) {
        ModelResult r = results.get(model);
        if (r == null || r.buckets().get(bucket) == null) return null;
        Double v = r.buckets().get(bucket).get(metric);
        return v == null || v.isNaN() ? null : v;
    }

    private static String missing(Map<String, ModelResult> results, String... models) {
        List<String> absent = new ArrayList<>();
        for (String m : models) {
            if (!results.containsKey(m)) absent.add(m);
        }
        return absent.isEmpty() ? "a metric it needs is undefined for " + String.join(", ", models)
                : "not evaluated: needs " + String.join(", ", absent);
    }
}
