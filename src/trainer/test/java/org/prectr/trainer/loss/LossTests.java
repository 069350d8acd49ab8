package org.prectr.trainer.loss;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

/** Every loss term against values computed by hand on tiny tensors. */
public class LossTests {

    private static final double TOLERANCE = 1e-6;

    @Test
    public void testGradeCrossEntropyAveragesOverLabelledRowsOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            // row 0: softmax(0, ln 3) = (1/4, 3/4), grade 1 -> -ln(3/4); row 1 has no grade
            var logits = m.create(new float[] {0f, (float) Math.log(3), 5f, -5f}, new Shape(2, 2));
            var targets = m.create(new float[] {0f, 1f, 0f, 0f}, new Shape(2, 2));
            assertEquals(-Math.log(0.75), GradeCrossEntropy.loss(logits, targets).getFloat(), TOLERANCE);
        }
    }

    @Test
    public void testClickCrossEntropy() {
        try (NDManager m = NDManager.newBaseManager()) {
            var logits = m.create(new float[] {0f, 2f}, new Shape(2, 1));
            var clicks = m.create(new float[] {1f, 0f}, new Shape(2, 1));
            // (ln 2 + ln(1 + e^2)) / 2
            double expected = (Math.log(2) + Math.log1p(Math.exp(2))) / 2;
            assertEquals(expected, ClickCrossEntropy.loss(logits, clicks).getFloat(), TOLERANCE);
        }
    }

    @Test
    public void testExaminationClickLossMultipliesExaminationAndClickProbabilities() {
        try (NDManager m = NDManager.newBaseManager()) {
            // row 0: p = sigmoid(0) * sigmoid(ln 3) = 0.5 * 0.75, clicked; row 1: p = sigmoid(ln 3) * sigmoid(0), not clicked
            var logits = m.create(new float[] {0f, (float) Math.log(3)}, new Shape(2, 1));
            var examination = m.create(new float[] {(float) Math.log(3), 0f}, new Shape(2, 1));
            var clicks = m.create(new float[] {1f, 0f}, new Shape(2, 1));
            double expected = (-Math.log(0.375) - Math.log(1 - 0.375)) / 2;
            assertEquals(expected, ExaminationClickLoss.loss(logits, examination, clicks).getFloat(), TOLERANCE);
            // always examined (b -> large): the plain click cross-entropy
            var seen = m.create(new float[] {30f, 30f}, new Shape(2, 1));
            assertEquals(ClickCrossEntropy.loss(logits, clicks).getFloat(),
                ExaminationClickLoss.loss(logits, seen, clicks).getFloat(), TOLERANCE);
        }
    }

    @Test
    public void testRelevanceDistillationIsKlOfTeacherToStudent() {
        try (NDManager m = NDManager.newBaseManager()) {
            var logits = m.create(new float[] {0f, (float) Math.log(3)}, new Shape(1, 2));
            var teacher = m.create(new float[] {0.5f, 0.5f}, new Shape(1, 2));
            double expected = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
            assertEquals(expected, RelevanceDistillation.loss(logits, teacher).getFloat(), TOLERANCE);
            // identical distributions: 0
            var same = m.create(new float[] {0.25f, 0.75f}, new Shape(1, 2));
            assertEquals(0.0, RelevanceDistillation.loss(logits, same).getFloat(), TOLERANCE);
        }
    }

    @Test
    public void testMonotonicityHinge() {
        try (NDManager m = NDManager.newBaseManager()) {
            var c = m.create(new float[] {0.5f, 0.3f, 0.4f, 0.9f, 0.1f, 0.2f, 0.3f, 0.4f}, new Shape(2, 4));
            // row 0: (0.5 - 0.3 + 0.1) + 0 + 0 = 0.3; row 1: all increasing by 0.1, margin 0.1 -> 0
            assertEquals(0.15, MonotonicityHinge.loss(c, 0.1f).getFloat(), TOLERANCE);
        }
    }

    @Test
    public void testPairwiseMarginLossDropsTheLargestShare() {
        try (NDManager m = NDManager.newBaseManager()) {
            var pos = m.create(new float[] {2f, 0f, 1f, 3f}, new Shape(4, 1));
            var neg = m.create(new float[] {0f, 1f, 1f, 3.5f}, new Shape(4, 1));
            // hinges 0, 2, 1, 1.5: dropping 25% leaves 0, 1, 1.5
            assertEquals(2.5 / 3, PairwiseMarginLoss.loss(pos, neg, 1f, 0.25).getFloat(), TOLERANCE);
            assertEquals(4.5 / 4, PairwiseMarginLoss.loss(pos, neg, 1f, 0.0).getFloat(), TOLERANCE);
        }
    }

    @Test
    public void testPairwiseMarginLossRejectsBadShare() {
        try (NDManager m = NDManager.newBaseManager()) {
            var a = m.create(new float[] {1f}, new Shape(1, 1));
            IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> PairwiseMarginLoss.loss(a, a, 1f, 1.0));
            assertEquals("[drop_share] must be in [0, 1) but was [1.0]", e.getMessage());
        }
    }
}
