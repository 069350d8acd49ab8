package org.prectr.core.rescore;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The engine-neutral rescore pieces both plugins call: window order and request rules. */
public class RescoreSharedTests {

    @Test
    public void windowSortsByScoreThenDocAndTheRestStaysBelow() {
        int[] docs = {100, 99, 98, 97, 96, 95};
        float[] scores = {9f, 8f, 7f, 6f, 0.1f, 0.05f};
        WindowOrder.Reordered out = WindowOrder.reorder(docs, scores, new float[] {0.2f, 0.7f, 0.2f, 0.9f});
        assertArrayEquals(new int[] {3, 1, 2, 0, 4, 5}, out.from());   // 0.9, 0.7, then the tie by doc (98 < 100)
        assertArrayEquals(new float[] {0.9f, 0.7f, 0.2f, 0.2f}, Arrays.copyOf(out.scores(), 4), 0f);
        assertTrue("capped under the window", out.scores()[4] < 0.2f && out.scores()[5] <= 0.05f);
        assertTrue(out.scores()[5] < out.scores()[4]);
        assertEquals(9f, scores[0], 0f); // the input is not modified
    }

    @Test
    public void rulesNameTheFieldAndValue() {
        assertEquals("[prectr] [query_text] must not be blank but was [ ]",
            assertThrows(IllegalArgumentException.class, () -> RequestRules.checkQueryText(" ")).getMessage());
        assertEquals("[prectr] [user.history[2].grade] must be in [0, 4) but was [7]",
            assertThrows(IllegalArgumentException.class, () -> RequestRules.checkHistoryGrades(Arrays.asList(1, null, 7), 4)).getMessage());
        assertEquals("[prectr] [window_size] must be at most [5] (the setting [index.prectr.max_window_size] of index [p]) but was [6]",
            assertThrows(IllegalArgumentException.class,
                () -> RequestRules.checkWindowSize(6, 5, "index.prectr.max_window_size", "p")).getMessage());
        assertEquals("esci-v2", RequestRules.resolveModel(null, "esci-v2", "index.prectr.model", "p"));
        assertThrows(IllegalArgumentException.class, () -> RequestRules.resolveModel(null, "", "index.prectr.model", "p"));
        assertEquals(Map.of("a", 3L, "b", 0.5d), RequestRules.normaliseFeatures(Map.of("b", 0.5f, "a", 3)));
        assertEquals(List.of("a", "b"), List.copyOf(RequestRules.normaliseFeatures(Map.of("b", 1, "a", 2)).keySet()));
    }
}
