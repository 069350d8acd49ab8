package org.prectr.trainer.encoder;

import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

public class EsciNdcgTests {

    @Test
    public void idealOrderScoresOne() {
        assertEquals(1.0, EsciNdcg.ndcg(new float[] {0.9f, 0.5f, 0.1f}, new int[] {3, 2, 0}, 10), 1e-12);
    }

    @Test
    public void reversedOrderUsesEsciGainsAndLogDiscount() {
        // ranking: I (0), S (0.1), E (1) at ranks 1..3
        double dcg = 0.0 / 1 + 0.1 / (Math.log(3) / Math.log(2)) + 1.0 / 2;
        double idcg = 1.0 / 1 + 0.1 / (Math.log(3) / Math.log(2)) + 0.0;
        assertEquals(dcg / idcg, EsciNdcg.ndcg(new float[] {0.1f, 0.5f, 0.9f}, new int[] {3, 2, 0}, 10), 1e-12);
    }

    @Test
    public void cutOffAndTiesKeepJudgmentOrder() {
        // all scores tie: judgment order stands, so the exact item at index 1 is ranked second
        double expected = (1.0 / (Math.log(3) / Math.log(2))) / 1.0;
        assertEquals(expected, EsciNdcg.ndcg(new float[] {0f, 0f}, new int[] {0, 3}, 10), 1e-12);
        assertEquals(0.0, EsciNdcg.ndcg(new float[] {0f, 0f}, new int[] {0, 3}, 1), 1e-12);
    }

    @Test
    public void noGainScoresZero() {
        assertEquals(0.0, EsciNdcg.ndcg(new float[] {1f, 2f}, new int[] {0, 0}, 10), 0.0);
    }

    @Test
    public void badInputIsNamed() {
        assertEquals("[grade] must be in [0, 3] but was [4]",
            assertThrows(IllegalArgumentException.class, () -> EsciNdcg.ndcg(new float[1], new int[] {4}, 10)).getMessage());
        assertEquals("[scores] and [grades] must have the same length but had [1] and [2]",
            assertThrows(IllegalArgumentException.class, () -> EsciNdcg.ndcg(new float[1], new int[2], 10)).getMessage());
    }
}
