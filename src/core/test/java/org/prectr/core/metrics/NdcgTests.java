package org.prectr.core.metrics;

import org.junit.Test;
import org.prectr.core.data.EsciGrade;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class NdcgTests {
    private static double[] gains(int[] grades, boolean exponential) {
        double[] g = new double[grades.length];
        for (int i = 0; i < grades.length; i++) {
            g[i] = exponential ? EsciGrade.exponentialGain(grades[i]) : EsciGrade.gain(grades[i]);
        }
        return g;
    }

    @Test
    public void esciGains() {
        // ranked S, E, I: DCG = 0.1 + 1/log2(3); ideal E, S, I: 1 + 0.1/log2(3)
        double ndcg = Ndcg.at(10, gains(new int[] {2, 3, 0}, false), new int[] {0, 1, 2});
        assertEquals(0.687550167778977, ndcg, 1e-12);
    }

    @Test
    public void exponentialGains() {
        // gains 3, 7, 0: (3 + 7/log2(3)) / (7 + 3/log2(3))
        double ndcg = Ndcg.at(10, gains(new int[] {2, 3, 0}, true), new int[] {0, 1, 2});
        assertEquals(0.8339912323981488, ndcg, 1e-12);
    }

    @Test
    public void cutOffCountsOnlyTheTopK() {
        // k = 2 over four candidates with gains 0, 1, 1, 0.1 ranked 3, 0, 1, 2: DCG 0.1; ideal 1 + 1/log2(3)
        double ndcg = Ndcg.at(2, new double[] {0, 1, 1, 0.1}, new int[] {3, 0, 1, 2});
        assertEquals(0.06131471927654584, ndcg, 1e-12);
    }

    @Test
    public void idealOrderScoresOneAndNoGainIsNaN() {
        assertEquals(1.0, Ndcg.at(10, new double[] {0.3, 0.9, 0.1}, new int[] {1, 0, 2}), 1e-12);
        assertTrue(Double.isNaN(Ndcg.at(10, new double[] {0, 0}, new int[] {0, 1})));
    }

    @Test
    public void ofScoresRanksBestFirstAndTiesKeepIndexOrder() {
        // all scores tie: index order stands, so the exact item at index 1 is ranked second
        double expected = 1.0 / (Math.log(3) / Math.log(2));
        assertEquals(expected, Ndcg.ofScores(10, new double[] {0, 1}, new float[] {0f, 0f}), 1e-12);
        assertEquals(1.0, Ndcg.ofScores(10, new double[] {0, 1}, new float[] {0f, 0.5f}), 1e-12);
        assertEquals(0.0, Ndcg.ofScores(1, new double[] {0, 1}, new float[] {0f, 0f}), 1e-12);
        assertTrue(Double.isNaN(Ndcg.ofScores(10, new double[] {0, 0}, new float[] {1f, 2f})));
    }

    @Test
    public void badInputIsNamed() {
        assertEquals("[k] must be at least [1] but was [0]",
            assertThrows(IllegalArgumentException.class, () -> Ndcg.at(0, new double[1], new int[1])).getMessage());
        assertEquals("[scores] and [gains] must have the same length but had [1] and [2]",
            assertThrows(IllegalArgumentException.class, () -> Ndcg.ofScores(10, new double[2], new float[1])).getMessage());
    }
}
