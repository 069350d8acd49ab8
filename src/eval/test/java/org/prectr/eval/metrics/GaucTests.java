package org.prectr.eval.metrics;

import org.junit.Test;
import org.prectr.core.metrics.Auc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class GaucTests {
    @Test
    public void weightsUsersByImpressionsAndSkipsOneClassUsers() {
        Gauc gauc = new Gauc();
        // user a: 3 impressions, perfect order (AUC 1)
        gauc.add("a", 0.9, true);
        gauc.add("a", 0.1, false);
        gauc.add("a", 0.5, false);
        // user b: 2 impressions, reversed (AUC 0)
        gauc.add("b", 0.2, true);
        gauc.add("b", 0.8, false);
        // user c: clicks only, no AUC: skipped
        gauc.add("c", 0.3, true);
        assertEquals((1.0 * 3 + 0.0 * 2) / 5, gauc.value(), 1e-12);
        assertEquals(2, gauc.groupsCounted());
    }

    @Test
    public void noUserWithBothClassesGivesNaN() {
        Gauc gauc = new Gauc();
        gauc.add("a", 0.3, true);
        gauc.add("b", 0.3, false);
        assertTrue(Double.isNaN(gauc.value()));
    }

    @Test
    public void differsFromPooledAuc() {
        // pooled, user b's high scores beat user a's; within each user the order is perfect
        Gauc gauc = new Gauc();
        gauc.add("a", 0.2, true);
        gauc.add("a", 0.1, false);
        gauc.add("b", 0.9, true);
        gauc.add("b", 0.8, false);
        assertEquals(1.0, gauc.value(), 1e-12);
        double pooled = Auc.of(new double[] {0.2, 0.1, 0.9, 0.8}, new boolean[] {true, false, true, false});
        assertEquals(0.75, pooled, 1e-12);
    }
}
