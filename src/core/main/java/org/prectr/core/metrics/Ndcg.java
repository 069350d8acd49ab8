package org.prectr.core.metrics;

import java.util.Arrays;

/**
 * Normalised discounted cumulative gain at a cut-off: DCG@k = sum over ranks r = 1..k of
 * gain(r) / log2(r + 1), divided by the DCG@k of the same gains sorted best first (the ideal ordering
 * of the same candidate pool). Gains are given by the caller (ESCI gains, 2^g - 1, or a user's
 * utility). The one NDCG of the trainer's validation, stage 0's selection and the evaluation.
 */
public final class Ndcg {

    private Ndcg() {}

    /**
     * NDCG@k of a ranking.
     *
     * @param k the cut-off, at least 1
     * @param gains the gain of every candidate, indexed by candidate
     * @param order candidate indices in ranked order (best first)
     * @return the NDCG in [0, 1], or NaN when no gain is positive (no ideal ranking to compare with)
     */
    public static double at(int k, double[] gains, int[] order) {
        if (k < 1) {
            throw new IllegalArgumentException("[k] must be at least [1] but was [" + k + "]");
        }
        double[] ideal = gains.clone();
        Arrays.sort(ideal);
        double dcg = 0;
        double idcg = 0;
        for (int r = 0; r < Math.min(k, order.length); r++) {
            dcg += gains[order[r]] / log2(r + 2);
        }
        for (int r = 0; r < Math.min(k, ideal.length); r++) {
            idcg += ideal[ideal.length - 1 - r] / log2(r + 2);
        }
        return idcg <= 0 ? Double.NaN : dcg / idcg;
    }

    /**
     * NDCG@k of ranking candidates by score ({@link Ranking#order}: ties keep index order).
     *
     * @param k the cut-off, at least 1
     * @param gains the gain of every candidate
     * @param scores the score of every candidate, same order
     * @return the NDCG in [0, 1], or NaN when no gain is positive
     */
    public static double ofScores(int k, double[] gains, float[] scores) {
        if (scores.length != gains.length) {
            throw new IllegalArgumentException("[scores] and [gains] must have the same length but had ["
                + scores.length + "] and [" + gains.length + "]");
        }
        return at(k, gains, Ranking.order(scores));
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
