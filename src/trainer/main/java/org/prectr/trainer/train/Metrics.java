package org.prectr.trainer.train;

import org.prectr.core.data.EsciGrade;
import org.prectr.core.metrics.Auc;
import org.prectr.core.metrics.Ndcg;

import java.util.ArrayList;
import java.util.List;

/**
 * The validation metrics the training report logs per epoch, over the core's {@link Auc} and
 * {@link Ndcg}: click AUC over logged rows and NDCG@10 with ESCI gains averaged over windows. Ties are
 * broken by row order, so results are deterministic.
 */
public final class Metrics {

    private Metrics() {}

    /**
     * @param scores per row
     * @param labels per row: 1 positive, 0 negative, anything else ignored; rows with a NaN score are ignored too
     * @return the ROC AUC (ties count one half), NaN without both classes
     */
    public static double auc(float[] scores, float[] labels) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if ((labels[i] == 0f || labels[i] == 1f) && !Float.isNaN(scores[i])) {
                rows.add(i);
            }
        }
        double[] s = new double[rows.size()];
        boolean[] positive = new boolean[rows.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores[rows.get(i)];
            positive[i] = labels[rows.get(i)] == 1f;
        }
        return Auc.of(s, positive);
    }

    /**
     * @param scores per row
     * @param grades per row (grade in [0, 3], -1 rows ignored; any other grade is refused)
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
            if (grades[r] != -1) {
                rows.add(r);
            }
        }
        float[] s = new float[rows.size()];
        double[] gains = new double[rows.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores[rows.get(i)];
            gains[i] = EsciGrade.gain(grades[rows.get(i)]);
        }
        return Ndcg.ofScores(cutoff, gains, s);
    }
}
