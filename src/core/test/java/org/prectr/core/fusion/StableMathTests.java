package org.prectr.core.fusion;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class StableMathTests {

    @Test
    public void sigmoidMatchesHandComputedValuesAndStaysFiniteAtExtremes() {
        assertEquals(0.5, StableMath.sigmoid(0), 0);
        assertEquals(1 / (1 + Math.exp(-2)), StableMath.sigmoid(2), 1e-15);
        assertEquals(Math.exp(-3) / (1 + Math.exp(-3)), StableMath.sigmoid(-3), 1e-15);
        assertEquals(1.0, StableMath.sigmoid(1000), 0);
        assertEquals(0.0, StableMath.sigmoid(-1000), 0);
        // the naive 1 / (1 + e^-x) overflows e^1000 to infinity; the stable form keeps the tiny value
        assertEquals(Math.exp(-700), StableMath.sigmoid(-700), 1e-310);
    }

    @Test
    public void logitClampsProbabilities() {
        assertEquals(0, StableMath.logit(0.5), 0);
        assertEquals(Math.log(0.25 / 0.75), StableMath.logit(0.25), 1e-12);
        double top = Math.log((1 - 1e-7) / 1e-7);
        assertEquals(top, StableMath.logit(1.0), 1e-6);
        assertEquals(-top, StableMath.logit(0.0), 1e-6);
        assertEquals(top, StableMath.logit(5.0), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StableMath.logit(Double.NaN));
        assertEquals("[probability] must be a number but was [NaN]", e.getMessage());
    }

    @Test
    public void softmaxIsShiftInvariantAndHandlesLargeInputs() {
        double e1 = Math.exp(1);
        double sum = 1 + e1 + Math.exp(2);
        assertArrayEquals(new double[] {1 / sum, e1 / sum, Math.exp(2) / sum}, StableMath.softmax(new double[] {0, 1, 2}), 1e-12);
        assertArrayEquals(new double[] {1 / sum, e1 / sum, Math.exp(2) / sum},
            StableMath.softmax(new double[] {1000, 1001, 1002}), 1e-12);
        assertEquals(0, StableMath.softmax(new double[0]).length);
    }

    @Test
    public void cosineOfOffsetsAndZeroVectors() {
        float[] a = {9, 1, 0, 9};
        float[] b = {1, 1, 7};
        assertEquals(1 / Math.sqrt(2), StableMath.cosine(a, 1, b, 0, 2), 1e-12);
        assertEquals(-1, StableMath.cosine(new float[] {1, 2}, 0, new float[] {-2, -4}, 0, 2), 1e-12);
        assertEquals(0, StableMath.cosine(new float[] {0, 0}, 0, b, 0, 2), 0);
    }

    @Test
    public void log1pClampsNegatives() {
        assertEquals(Math.log(3), StableMath.log1pNonNegative(2), 1e-15);
        assertEquals(0, StableMath.log1pNonNegative(-5), 0);
    }
}
