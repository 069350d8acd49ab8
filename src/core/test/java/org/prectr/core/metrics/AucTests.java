package org.prectr.core.metrics;

import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class AucTests {
    @Test
    public void countsOrderedPairs() {
        // positives 0.9 and 0.7, negatives 0.8 and 0.6: 3 of the 4 pairs are ordered right
        double auc = Auc.of(new double[] {0.9, 0.8, 0.7, 0.6}, new boolean[] {true, false, true, false});
        assertEquals(0.75, auc, 1e-12);
    }

    @Test
    public void tiesCountOneHalf() {
        assertEquals(0.5, Auc.of(new double[] {0.5, 0.5}, new boolean[] {true, false}), 1e-12);
        // one tied pair (0.5/0.5) and one won pair (0.5 > 0.1): (1 + 0.5) / 2
        assertEquals(0.75, Auc.of(new double[] {0.5, 0.5, 0.1}, new boolean[] {true, false, false}), 1e-12);
    }

    @Test
    public void perfectAndReversed() {
        assertEquals(1.0, Auc.of(new double[] {3, 2, 1}, new boolean[] {true, false, false}), 1e-12);
        assertEquals(0.0, Auc.of(new double[] {1, 2, 3}, new boolean[] {true, false, false}), 1e-12);
    }

    @Test
    public void oneClassHasNoAuc() {
        assertTrue(Double.isNaN(Auc.of(new double[] {1, 2}, new boolean[] {true, true})));
    }

    @Test
    public void refusesMismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Auc.of(new double[] {1, 2}, new boolean[] {true}));
        assertEquals("[labels] must have as many entries as [scores] (2) but had [1]", e.getMessage());
    }
}
