package org.prectr.benchmarks.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LatencySummaryTests {

    @Test
    public void nearestRankPercentilesOverUnsortedInput() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms
        }
        LatencySummary s = LatencySummary.of(nanos, 3, 2_000_000_000L);
        assertEquals(100, s.requests());
        assertEquals(3, s.errors());
        assertEquals(50.0, s.p50Ms(), 1e-9);
        assertEquals(99.0, s.p99Ms(), 1e-9);
        assertEquals(50.5, s.meanMs(), 1e-9);
        assertEquals(50.0, s.qps(), 1e-9);
        assertEquals(100_000_000L, nanos[0]); // input untouched
    }

    @Test
    public void smallSamplesAndNoSamples() {
        LatencySummary one = LatencySummary.of(new long[] {7_000_000L}, 0, 1_000_000_000L);
        assertEquals(7.0, one.p50Ms(), 0);
        assertEquals(7.0, one.p99Ms(), 0);
        LatencySummary none = LatencySummary.of(new long[0], 5, 1_000_000_000L);
        assertTrue(Double.isNaN(none.p50Ms()));
        assertEquals(0.0, none.qps(), 0);
    }
}
