package org.prectr.core.metrics;

import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

public class RankingTests {
    @Test
    public void highestFirstTiesInOriginalOrder() {
        assertArrayEquals(new int[] {1, 0, 3, 2}, Ranking.order(new double[] {0.5, 0.9, 0.1, 0.5}));
    }

    @Test
    public void shareAtCountsFlagsInTheTop() {
        boolean[] irrelevant = {true, false, true, true};
        // top 2 of order 1, 0, 3, 2 hold one irrelevant item
        assertEquals(0.5, Ranking.shareAt(2, irrelevant, new int[] {1, 0, 3, 2}), 1e-12);
        // a list shorter than k counts over its own length
        assertEquals(0.75, Ranking.shareAt(10, irrelevant, new int[] {1, 0, 3, 2}), 1e-12);
    }
}
