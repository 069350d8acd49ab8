package org.prectr.trainer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The validation metrics the training report logs per epoch: click AUC over logged rows and NDCG@10
 * with ESCI gains (grades 3 / 2 / 1 / 0 give 1 / 0.1 / 0.01 / 0, the ratings 100 / 10 / 1 / 0 over
 * 100) averaged over windows. Ties are broken by row order, so results are deterministic.
 */
public final class Metrics {

    /** Gain of each grade, ESCI ratings / 100. */
    private static final double[] ESCI_GAIN = {0.0, 0.01, 0.1, 1.0};

    /**
     * @param grades k
     * @return the gain of each grade: ESCI's I/C/S/E gains 0, 0.01, 0.1, 1 for k = 4, else (2^i - 1) / (2^(k-1) - 1)
     */
    public static float[] gains(int grades) {
        float[] out = new float[grades];
        for (int i = 0; i < grades; i++) {
            out[i] = grades == ESCI_GAIN.length ? (float) ESCI_GAIN[i] : (float) ((Math.pow(2, i) - 1) / (Math.pow(2, grades - 1) - 1));
        }
        return out;
    }

    private Metrics() {}

    /**
     * @param scores per row
     * @param labels per row: 1 positive, 0 negative, anything else ignored
     * @return the ROC AUC (ties count one half), NaN without both classes
     */
    public static double auc(float[] scores, float[] labels) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if ((labels[i] == 0f || labels[i] == 1f) && !Float.isNaN(scores[i])) {
                rows.add(i);
            }
        }
        rows.sort(Comparator.comparingDouble(i -> scores[i]));
        double positives = 0;
        double negatives = 0;
        double rankSum = 0;
        int i = 0;
        while (i < rows.size()) {
            int j = i;
            while (j < rows.size() && scores[rows.get(j)] == scores[rows.get(i)]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0;
            for (int r = i; r < j; r++) {
                if (labels[rows.get(r)] == 1f) {
                    positives++;
                    rankSum += averageRank;
                } else {
                    negatives++;
                }
            }
            i = j;
        }
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /**
     * @param scores per row
     * @param grades per row (grade in [0, 3], -1 rows ignored)
     * @param group per row, the window; rows of a window contiguous
     * @param cutoff e.g. 10
     * @return the mean over windows with a positive ideal DCG of NDCG@cutoff, NaN if none
     */
    public static double ndcg(float[] scores, int[] grades, int[] group, int cutoff) {
        double sum = 0;
        int windows = 0;
        int start = 0;
        while (start < scores.length) {
            int end = start;
            while (end < scores.length && group[end] == group[start]) {
                end++;
            }
            double value = windowNdcg(scores, grades, start, end, cutoff);
            if (!Double.isNaN(value)) {
                sum += value;
                windows++;
            }
            start = end;
        }
        return windows == 0 ? Double.NaN : sum / windows;
    }

    private static double windowNdcg(float[] scores, int[] grades, int start, int end, int cutoff) {
        List<Integer> rows = new ArrayList<>();
        for (int r = start; r < end; r++) {
            if (grades[r] >= 0) {
                rows.add(r);
            }
        }
        List<Integer> ranked = new ArrayList<>(rows);
        ranked.sort((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
        double[] ideal = rows.stream().mapToDouble(r -> gain(grades[r])).toArray();
        Arrays.sort(ideal);
        double dcg = 0;
        double idcg = 0;
        for (int i = 0; i < Math.min(cutoff, ranked.size()); i++) {
            double discount = Math.log(i + 2) / Math.log(2);
            dcg += gain(grades[ranked.get(i)]) / discount;
            idcg += ideal[ideal.length - 1 - i] / discount;
        }
        return idcg > 0 ? dcg / idcg : Double.NaN;
    }

    private static double gain(int grade) {
        return grade >= 0 && grade < ESCI_GAIN.length ? ESCI_GAIN[grade] : 0;
    }
}
