package org.prectr.core.metrics;

import java.util.Arrays;
import java.util.Comparator;

/** Turns scores into a ranking: highest score first, ties kept in their original (first-phase) order. */
public final class Ranking {

    private Ranking() {}

    /**
     * @param scores one score per candidate
     * @return candidate indices best first; equal scores keep index order, NaN ranks above every number
     */
    public static int[] order(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        // a stable sort keeps the first-phase order among equal scores
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        int[] order = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            order[i] = idx[i];
        }
        return order;
    }

    /** @return {@link #order(double[])} of float scores */
    public static int[] order(float[] scores) {
        double[] d = new double[scores.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = scores[i];
        }
        return order(d);
    }

    /**
     * @param k the cut-off
     * @param flags one flag per candidate
     * @param order candidate indices best first
     * @return the share of the top k (or of the whole list when shorter) whose flag is set; NaN for an empty list
     */
    public static double shareAt(int k, boolean[] flags, int[] order) {
        int n = Math.min(k, order.length);
        if (n == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int r = 0; r < n; r++) {
            if (flags[order[r]]) {
                hits++;
            }
        }
        return (double) hits / n;
    }
}
