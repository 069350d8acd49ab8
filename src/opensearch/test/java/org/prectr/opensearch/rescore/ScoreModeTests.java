package org.prectr.opensearch.rescore;

import org.prectr.core.rescore.ScoreMode;
import org.opensearch.test.OpenSearchTestCase;

/** score_mode combines a = query_weight x first phase and b = rescore_weight x model as documented. */
public class ScoreModeTests extends OpenSearchTestCase {

    public void testCombine() {
        assertEquals(0.25f, ScoreMode.REPLACE.combine(3f, 0.25f), 0f);
        assertEquals(0.75f, ScoreMode.MULTIPLY.combine(3f, 0.25f), 0f);
        assertEquals(3.25f, ScoreMode.TOTAL.combine(3f, 0.25f), 0f);
    }

    public void testWeightsApplyBeforeCombining() {
        PrectrRescorerBuilder request = new PrectrRescorerBuilder(null, "q", null, ScoreMode.TOTAL, 2f, 0.5f);
        assertEquals(2f * 3f + 0.5f * 0.4f, PrectrRescorer.combine(request, 3f, 0.4f), 1e-6f);
    }

    public void testFromString() {
        for (ScoreMode mode : ScoreMode.values()) {
            assertSame(mode, ScoreMode.fromString(mode.jsonName()));
        }
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> ScoreMode.fromString("REPLACE"));
        assertEquals("[prectr] [score_mode] must be one of [replace, multiply, total] but was [REPLACE]", e.getMessage());
    }
}
