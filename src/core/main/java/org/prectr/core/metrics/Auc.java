package org.prectr.core.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve of scores against binary labels: the probability that a random positive
 * scores above a random negative, ties counted one half (Mann-Whitney U with average ranks). The one
 * AUC of the trainer's validation and the evaluation (whose GAUC averages it per user).
 */
public final class Auc {

    private Auc() {}

    /**
     * @param scores per row
     * @param labels per row, true for a positive
     * @return the AUC, or NaN when the labels hold only one class
     */
    public static double of(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("[labels] must have as many entries as [scores] (" + scores.length
                + ") but had [" + labels.length + "]");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // 1-based
            for (int t = i; t <= j; t++) {
                if (labels[order[t]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
