package org.prectr.trainer.train;

import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The trainer's validation metrics over the core's AUC and NDCG: which rows count, and the grade rule. */
public class MetricsTests {

    @Test
    public void aucIgnoresRowsWithoutABinaryLabelOrWithANaNScore() {
        // counted rows: 0.9 (+), 0.1 (-), 0.5 (+), 0.5 (-): pairs (+ above -) 1 + 1 + 0.5 + 1 = 3.5 of 4
        float[] scores = {0.9f, 0.1f, 0.5f, 0.5f, 0.0f, Float.NaN};
        float[] labels = {1f, 0f, 1f, 0f, 0.5f, 1f};
        assertEquals(3.5 / 4, Metrics.auc(scores, labels), 1e-12);
        assertTrue(Double.isNaN(Metrics.auc(new float[] {1f, 2f}, new float[] {1f, 1f})));
    }

    @Test
    public void ndcgAveragesWindowsWithAnIdealAndSkipsUngradedRows() {
        // window 0: E then I, ideal (1.0); window 1: I then E (1/log2(3)); window 2: only I (no ideal, skipped)
        float[] scores = {0.9f, 0.1f, 0.7f, 0.3f, 0.2f, 0.5f, 0.4f};
        int[] grades = {3, 0, -1, 0, 3, 0, 0};
        int[] group = {0, 0, 1, 1, 1, 2, 2};
        double expected = (1.0 + 1.0 / (Math.log(3) / Math.log(2))) / 2;
        assertEquals(expected, Metrics.ndcg(scores, grades, group, 10), 1e-12);
    }

    /** A grade outside [0, 3] used to count as gain 0 here while stage 0 threw: it throws now. */
    @Test
    public void ndcgRefusesAGradeOutsideTheScale() {
        assertEquals("[grade] must be in [0, 3] but was [4]", assertThrows(IllegalArgumentException.class,
            () -> Metrics.ndcg(new float[] {1f, 0f}, new int[] {4, 3}, new int[] {0, 0}, 10)).getMessage());
    }
}
