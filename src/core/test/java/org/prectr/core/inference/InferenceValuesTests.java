package org.prectr.core.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class InferenceValuesTests {

    @Test
    public void optionsDefaultToOneThreadEach() {
        assertEquals(1, InferenceOptions.DEFAULT.intraOpThreads());
        assertEquals(1, InferenceOptions.DEFAULT.interOpThreads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InferenceOptions(0, 1));
        assertEquals("[intra_op_threads] must be in [1, 256] but was [0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InferenceOptions(1, 257));
        assertEquals("[inter_op_threads] must be in [1, 256] but was [257]", e.getMessage());
    }

    @Test
    public void windowScoresCheckSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new WindowScores(2, 4, new float[8], new float[7], new float[2], new float[2]));
        assertEquals("[click_probs] must hold [8] values but had [7]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new WindowScores(2, 4, new float[8], new float[8], new float[2], new float[1]));
        assertEquals("[score] must hold [2] values but had [1]", e.getMessage());
    }
}
