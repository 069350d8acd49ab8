package org.prectr.core.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class WindowScoresTests {

    @Test
    public void aRowIsFiniteOnlyWhenEveryOutputOfItIs() {
        float nan = Float.NaN;
        WindowScores scores = new WindowScores(4, 2,
            new float[] {0.5f, 0.5f, 0.5f, nan, 0.5f, 0.5f, 0.5f, 0.5f},
            new float[] {0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, Float.POSITIVE_INFINITY},
            new float[] {0f, 0f, 0f, 0f},
            new float[] {0.3f, 0.3f, 0.3f, 0.3f});
        assertTrue(scores.isFinite(0));
        assertFalse("a grade probability is NaN", scores.isFinite(1));
        assertTrue(scores.isFinite(2));
        assertFalse("a click probability is infinite", scores.isFinite(3));
        assertEquals(2, scores.nonFiniteRows());
        WindowScores badScore = new WindowScores(1, 1, new float[] {1f}, new float[] {1f}, new float[] {0f}, new float[] {nan});
        assertFalse(badScore.isFinite(0));
        WindowScores badTau = new WindowScores(1, 1, new float[] {1f}, new float[] {1f}, new float[] {Float.NEGATIVE_INFINITY}, new float[] {1f});
        assertFalse(badTau.isFinite(0));
    }
}
