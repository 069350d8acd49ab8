package org.prectr.core.features;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

public class UserPreferenceHistogramTests {

    private static final float[] Q = {1, 0};

    @Test
    public void softmaxOverCosinesOfClickedGradedEntries() {
        UserPreferenceHistogram h = new UserPreferenceHistogram(4, 50, 0.5);
        List<HistoryEntry> history = List.of(
            HistoryEntry.clicked("same", 3),                    // cos 1
            HistoryEntry.clicked("orthogonal", 1),              // cos 0
            new HistoryEntry("not clicked", null, 0, false),    // ignored
            new HistoryEntry("no grade", null, null, true),     // ignored
            HistoryEntry.clicked("also same", 3));              // cos 1
        float[] emb = {2, 0, 0, 5, 1, 0, 1, 0, 3, 0};
        float[] r = h.compute(Q, history, emb);
        // weights e^(1/0.5), e^0, e^(1/0.5): grade 3 gets 2e^2 / (2e^2 + 1)
        double e2 = Math.exp(2);
        assertArrayEquals(new float[] {0, (float) (1 / (2 * e2 + 1)), 0, (float) (2 * e2 / (2 * e2 + 1))}, r, 1e-6f);
        assertEquals(1.0, r[0] + r[1] + r[2] + r[3], 1e-6);
    }

    @Test
    public void lowTemperatureConcentratesOnTheMostSimilarQuery() {
        UserPreferenceHistogram h = new UserPreferenceHistogram(2, 50, 0.01);
        float[] r = h.compute(Q, List.of(HistoryEntry.clicked("a", 0), HistoryEntry.clicked("b", 1)), new float[] {0, 1, 1, 0});
        assertEquals(1.0, r[1], 1e-6);
    }

    @Test
    public void noClickedGradedEntryGivesZeros() {
        UserPreferenceHistogram h = new UserPreferenceHistogram(3, 50, 0.1);
        assertArrayEquals(new float[3], h.compute(Q, List.of(), new float[0]), 0);
        assertArrayEquals(new float[3], h.compute(Q, List.of(new HistoryEntry("q", null, 2, false)), new float[] {1, 0}), 0);
    }

    @Test
    public void usesOnlyTheLatestEntries() {
        UserPreferenceHistogram h = new UserPreferenceHistogram(2, 2, 0.1);
        List<HistoryEntry> history = List.of(HistoryEntry.clicked("a", 0), HistoryEntry.clicked("b", 1), HistoryEntry.clicked("c", 1));
        assertEquals(List.of(history.get(1), history.get(2)), h.usedEntries(history));
        assertArrayEquals(new float[] {0, 1}, h.compute(Q, h.usedEntries(history), new float[] {1, 0, 1, 0}), 0);
    }

    @Test
    public void refusesBadInputs() {
        UserPreferenceHistogram h = new UserPreferenceHistogram(4, 50, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> h.compute(Q, List.of(HistoryEntry.clicked("a", 7)), new float[] {1, 0}));
        assertEquals("[history[0].grade] must be in [0, 4) but was [7]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.compute(Q, List.of(HistoryEntry.clicked("a", 1)), new float[3]));
        assertEquals("[history_embeddings] must hold [1 x 2] values but had [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UserPreferenceHistogram(4, 50, 0));
        assertEquals("[user_preference.temperature] must be > 0 but was [0.0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UserPreferenceHistogram(4, 0, 0.1));
        assertEquals("[user_preference.max_history] must be at least [1] but was [0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UserPreferenceHistogram(1, 5, 0.1));
        assertEquals("[grades] must be at least [2] but was [1]", e.getMessage());
    }

    @Test
    public void inferredGradesMakeASoftHistogramAndAnExplicitGradeOverridesThem() {
        UserPreferenceHistogram h = new UserPreferenceHistogram(3, 50, 0.5);
        float[] emb = {1, 0, 0, 1, 1, 0};   // cos 1, 0, 1
        List<HistoryEntry> history = List.of(
            new HistoryEntry("same", "A", null, true).withInferredGrades(new float[] {0.2f, 0.2f, 0.6f}),
            new HistoryEntry("orthogonal", "B", null, true).withInferredGrades(new float[] {1, 1, 2}),   // normalised to sum 1
            new HistoryEntry("explicit", "C", 0, true).withInferredGrades(new float[] {0, 0, 1}));     // one-hot grade 0 wins
        float[] r = h.compute(Q, history, emb);
        double e2 = Math.exp(2);
        double sum = 2 * e2 + 1;
        assertArrayEquals(new float[] {
            (float) ((e2 * 0.2 + 0.25 + e2) / sum),
            (float) ((e2 * 0.2 + 0.25) / sum),
            (float) ((e2 * 0.6 + 0.5) / sum)}, r, 1e-6f);
        // one-hot inferred grades give the labelled histogram
        List<HistoryEntry> oneHot = List.of(new HistoryEntry("same", null, null, true).withInferredGrades(new float[] {0, 0, 1}));
        assertArrayEquals(h.compute(Q, List.of(HistoryEntry.clicked("same", 2)), new float[] {1, 0}),
            h.compute(Q, oneHot, new float[] {1, 0}), 0);
    }

    @Test
    public void badInferredGradesNameTheEntry() {
        UserPreferenceHistogram h = new UserPreferenceHistogram(2, 50, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.compute(Q,
            List.of(new HistoryEntry("a", null, null, true).withInferredGrades(new float[] {0.5f, 0.2f, 0.3f})), new float[] {1, 0}));
        assertEquals("[history[0].inferred_grades] must be [2] finite values >= 0 with a positive sum but was [0.5, 0.2, 0.3]",
            e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.compute(Q,
            List.of(new HistoryEntry("a", null, null, true).withInferredGrades(new float[] {0, Float.NaN})), new float[] {1, 0}));
        assertEquals("[history[0].inferred_grades] must be [2] finite values >= 0 with a positive sum but was [0.0, NaN]",
            e.getMessage());
    }
}
