package org.prectr.core.fusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class RelevanceIncentiveTests {

    @Test
    public void zeroTauLeavesTheProbability() {
        assertEquals(0.311, RelevanceIncentive.apply(0.311, 0), 1e-12);
    }

    @Test
    public void tauShiftsTheLogit() {
        // f = 0.2: odds 0.25; tau = ln 4 multiplies the odds by 4 -> odds 1 -> 0.5
        assertEquals(0.5, RelevanceIncentive.apply(0.2, Math.log(4)), 1e-12);
        // tau = -ln 3 on f = 0.75 (odds 3) -> odds 1
        assertEquals(0.5, RelevanceIncentive.apply(0.75, -Math.log(3)), 1e-12);
        assertEquals(1 / (1 + Math.exp(-(Math.log(0.6 / 0.4) + 1.5))), RelevanceIncentive.apply(0.6, 1.5), 1e-12);
    }

    @Test
    public void certainAndImpossibleClicksAreClampedNotInfinite() {
        // logit(1 - 1e-7) + tau
        double top = Math.log((1 - 1e-7) / 1e-7);
        assertEquals(1 / (1 + Math.exp(-(top - 20))), RelevanceIncentive.apply(1.0, -20), 1e-9);
        assertEquals(1 / (1 + Math.exp(-(-top + 20))), RelevanceIncentive.apply(0.0, 20), 1e-9);
    }

    @Test
    public void refusesNaNTau() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RelevanceIncentive.apply(0.5, Double.NaN));
        assertEquals("[tau] must be a number but was [NaN]", e.getMessage());
    }
}
