package org.prectr.core.features;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.prectr.core.bundle.FeatureSpec;

/** The {@code history_match} source: 1 for a hit whose keyword value the user clicked before. */
public class HistoryMatchTests {

    private final MatchFeatures match = new MatchFeatures();

    private static FeatureSpec brandMatch() {
        return new FeatureSpec("history_brand", FeatureSource.HISTORY_MATCH, null, null, "brand", null, null, null, null,
            null, null, null);
    }

    private static CandidateWindow window() {
        return CandidateWindow.builder(new float[] {3, 2, 1, 0}, new String[] {"a", "b", "c", "d"})
            .keyword("brand", new String[] {"Hanes", " hanes ", null, "UGG"})
            .build();
    }

    private RequestFeatures request(List<HistoryEntry> history) {
        UserContext user = new UserContext("u-1", Map.of(), history);
        List<HistoryEntry> used = new UserPreferenceHistogram(4, 50, 0.1).usedEntries(user.history());
        return new RequestFeatures("slippers", match.words("slippers"), user, used.size(), 0, 0, new float[4],
            QueryPreference.none(4), RequestFeatures.clickedFieldValues(used));
    }

    @Test
    public void aHitOfAClickedBrandGetsOneWhateverTheCaseAndSpaces() {
        FeatureSchema schema = FeatureSchema.of(List.of(brandMatch()), 4, List.of("title"));
        assertEquals(List.of("brand"), schema.keywordFields());
        List<HistoryEntry> history = List.of(
            new HistoryEntry("mens slippers", "p1", null, true).withItemFields(Map.of("brand", "HANES")),
            // shown but not clicked: not an affinity
            new HistoryEntry("boots", "p2", null, false).withItemFields(Map.of("brand", "UGG")));
        float[] out = new FeatureAssembler(schema).assemble(request(history), window());
        assertArrayEquals(new float[] {1, 1, 0, 0}, out, 0f);
    }

    @Test
    public void noHistoryOrItemsNeverReadGiveZero() {
        FeatureSchema schema = FeatureSchema.of(List.of(brandMatch()), 4, List.of("title"));
        assertArrayEquals(new float[4], new FeatureAssembler(schema).assemble(request(List.of()), window()), 0f);
        List<HistoryEntry> unread = List.of(new HistoryEntry("mens slippers", "p1", null, true));
        assertArrayEquals(new float[4], new FeatureAssembler(schema).assemble(request(unread), window()), 0f);
    }

    @Test
    public void computeCollectsTheClickedValuesOfTheUsedEntriesOnly() {
        List<HistoryEntry> history = List.of(
            new HistoryEntry("a", "p1", null, true).withItemFields(Map.of("brand", "Old")),
            new HistoryEntry("b", "p2", null, true).withItemFields(Map.of("brand", "New", "color", " Red ")));
        // max_history 1: only the latest entry is used
        UserPreferenceHistogram histogram = new UserPreferenceHistogram(4, 1, 0.1);
        UserContext user = new UserContext("u", Map.of(), history);
        RequestFeatures f = RequestFeatures.compute("q", user, new float[] {1, 0}, new float[] {1, 0}, histogram, null, match);
        assertEquals(Set.of("new"), f.historyFieldValues("brand"));
        assertEquals(Set.of("red"), f.historyFieldValues("color"));
        assertTrue(f.historyFieldValues("material").isEmpty());
    }

    @Test
    public void theSchemaNamesAMissingFieldAndRefusesForeignKeys() {
        FeatureSpec noField = new FeatureSpec("h", FeatureSource.HISTORY_MATCH, null, null, null, null, null, null, null, null,
            null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FeatureSchema.of(List.of(noField), 4, List.of("title")));
        assertEquals("features[0].field: expected [a non-empty string] but found [null]", e.getMessage());
        FeatureSpec withStat = new FeatureSpec("h", FeatureSource.HISTORY_MATCH, "length", null, "brand", null, null, null,
            null, null, null, null);
        e = assertThrows(IllegalArgumentException.class, () -> FeatureSchema.of(List.of(withStat), 4, List.of("title")));
        assertEquals("features[0].stat: expected [no stat for source history_match] but found [length]", e.getMessage());
    }

    @Test
    public void aWindowWithoutTheFieldIsRefusedByName() {
        FeatureSchema schema = FeatureSchema.of(List.of(brandMatch()), 4, List.of("title"));
        CandidateWindow bare = CandidateWindow.of(new float[] {1}, new String[] {"a"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new FeatureAssembler(schema).assemble(request(List.of()), bare));
        assertEquals("[window] must hold the keyword field [brand] but holds only []", e.getMessage());
    }
}
