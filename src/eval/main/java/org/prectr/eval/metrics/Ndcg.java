package org.prectr.eval.metrics;

import java.util.Arrays;

/**
 * Normalised discounted cumulative gain at a cut-off: DCG@k = sum over ranks r = 1..k of
 * gain(r) / log2(r + 1), divided by the DCG@k of the same gains sorted best first (the ideal
 * ordering of the same candidate pool). Gains are given by the caller (ESCI gains, 2^g - 1, or a
 * user's utility).
 */
public final class Ndcg {
    private Ndcg() {}

    /**
     * NDCG@k of a ranking.
     *
     * @param gains the gain of every candidate, indexed by candidate
     * @param order candidate indices in ranked order (best first)
     * @return the NDCG in [0, 1], or NaN when every gain is 0 (no ideal ranking to compare with)
     */
    public static double at(int k, double[] gains, int[] order) {
        if (k < 1) throw new IllegalArgumentException("[k] must be at least [1] but was [" + k + "]");
        double dcg = dcg(k, order.length, r -> gains[order[r]]);
        double[] ideal = gains.clone();
        Arrays.sort(ideal);
        double idcg = dcg(k, ideal.length, r -> ideal[ideal.length - 1 - r]);
        return idcg <= 0 ? Double.NaN : dcg / idcg;
    }

    private static double dcg(int k, int n, java.util.function.IntToDoubleFunction gainAtRank) {
        double sum = 0;
        for (int r = 0; r < Math.min(k, n); r++) {
            sum += gainAtRank.applyAsDouble(r) / (Math.log(r + 2) / Math.log(2));
        }
        return sum;
    }
}
