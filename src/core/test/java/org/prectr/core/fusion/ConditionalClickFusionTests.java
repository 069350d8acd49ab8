package org.prectr.core.fusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class ConditionalClickFusionTests {

    @Test
    public void fusesByTheLawOfTotalProbability() {
        // 0.1*0.01 + 0.2*0.05 + 0.3*0.2 + 0.4*0.6 = 0.001 + 0.01 + 0.06 + 0.24
        assertEquals(0.311, ConditionalClickFusion.fuse(new double[] {0.1, 0.2, 0.3, 0.4},
            new double[] {0.01, 0.05, 0.2, 0.6}), 1e-12);
    }

    @Test
    public void fusesOneRowOfRowMajorArrays() {
        float[] p = {1, 0, 0.5f, 0.5f, 0.25f, 0.75f};
        float[] c = {0.9f, 0.1f, 0.2f, 0.4f, 0.8f, 0.4f};
        assertEquals(0.9, ConditionalClickFusion.fuse(p, c, 0, 2), 1e-7);
        assertEquals(0.3, ConditionalClickFusion.fuse(p, c, 1, 2), 1e-7);
        assertEquals(0.5, ConditionalClickFusion.fuse(p, c, 2, 2), 1e-7);
    }

    @Test
    public void refusesMismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ConditionalClickFusion.fuse(new double[] {0.5, 0.5}, new double[] {1}));
        assertEquals("[click_probs] must have the length of [grade_probs] [2] but had [1]", e.getMessage());
    }
}
