package org.prectr.core.features;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.prectr.core.CoreFixtures;
import org.prectr.core.bundle.FeatureSpec;

public class FeatureAssemblerTests {

    private final MatchFeatures match = new MatchFeatures();

    private RequestFeatures request(String query, Map<String, Object> userFeatures) {
        UserContext user = new UserContext("u-17", userFeatures, List.of());
        QueryPreference cate = new QueryPreference(new float[] {0.02f, 0.01f, 0.17f, 0.80f}, Math.log1p(512), "tool wrap", 1);
        return new RequestFeatures(query, match.words(query), user, 2, 0.5, 0.9, new float[] {0.25f, 0, 0, 0.75f}, cate);
    }

    private static CandidateWindow window() {
        return CandidateWindow.builder(new float[] {4, 2, 0},
                new String[] {"Sugar Cookies", "Oatmeal Cookies without sugar", "Chocolate chip"})
            .numeric("rating_count", new double[] {99, Double.NaN, -5})
            .keyword("is_book", new String[] {"true", null, "false"})
            .keyword("brand", new String[] {"Keebler", null, "Cookies"})
            .build();
    }

    @Test
    public void assemblesTheDocumentedExampleFeatures() {
        FeatureSchema schema = FeatureSchema.of(CoreFixtures.exampleManifest());
        float[] out = new FeatureAssembler(schema).assemble(
            request("cookies without sugar", Map.of("segment", "new", "age_bucket", 3)), window());
        float std0 = (float) ((Math.log(100) - 3.1) / 2.0);
        float stdMissing = (float) ((0 - 3.1) / 2.0);
        float len = (float) Math.log1p(2);
        float support = (float) Math.log1p(512);
        assertArrayEquals(new float[] {
            // ratio coverage negation brand  rating     book seg age len  sim   r_u  r_cate support
            1.0f, 2f / 3, 1, 0, std0, 1, 1, 3, len, 0.9f, 0.25f, 0.02f, support,
            0.5f, 1, 0, 0, stdMissing, 0, 1, 3, len, 0.9f, 0.25f, 0.02f, support,
            0.0f, 0, 0, 1, stdMissing, 0, 1, 3, len, 0.9f, 0.25f, 0.02f, support}, out, 1e-6f);
    }

    @Test
    public void storedItemKeywordsStandInForTheTextAndATopScoreForTheMaximum() {
        FeatureSchema schema = FeatureSchema.of(CoreFixtures.exampleManifest());
        RequestFeatures request = request("cookies without sugar", Map.of("segment", "new", "age_bucket", 3));
        float[] fromText = new FeatureAssembler(schema).assemble(request, window());
        MatchFeatures match = new MatchFeatures();
        String[] texts = {"Sugar Cookies", "Oatmeal Cookies without sugar", "Chocolate chip"};
        String[][] keywords = new String[3][];
        for (int r = 0; r < 2; r++) {
            keywords[r] = match.itemKeywords(texts[r]).toArray(String[]::new);
        }
        // rows 0 and 1 have stored keywords and no text; row 2 falls back to its text
        CandidateWindow stored = CandidateWindow.builder(new float[] {4, 2, 0}, new String[] {null, null, texts[2]})
            .numeric("rating_count", new double[] {99, Double.NaN, -5})
            .keyword("is_book", new String[] {"true", null, "false"})
            .keyword("brand", new String[] {"Keebler", null, "Cookies"})
            .itemKeywords(keywords)
            .build();
        assertArrayEquals(fromText, new FeatureAssembler(schema).assemble(request, stored), 0f);
    }

    private static FeatureSpec spec(String name, FeatureSource source, String stat, String match, String key, Double missing) {
        return new FeatureSpec(name, source, stat, match, null, key, null, null, null, missing, null, null);
    }

    @Test
    public void otherStatisticsAndUserValueTypes() {
        FeatureSchema schema = FeatureSchema.of(List.of(
            spec("score", FeatureSource.FIRST_PASS, "score", null, null, null),
            spec("log_rank", FeatureSource.FIRST_PASS, "log_rank", null, null, null),
            spec("jaccard", FeatureSource.MATCH, null, "jaccard", null, null),
            spec("click_rate", FeatureSource.USER_HISTORY, "click_rate", null, null, null),
            spec("prime", FeatureSource.USER_NUMERIC, null, null, "prime", null),
            spec("tenure", FeatureSource.USER_NUMERIC, null, null, "tenure", null),
            spec("absent", FeatureSource.USER_NUMERIC, null, null, "absent", 7.0),
            spec("words", FeatureSource.USER_NUMERIC, null, null, "segment", -1.0)), 4, List.of("title"));
        float[] out = new FeatureAssembler(schema).assemble(
            request("sugar cookies", Map.of("prime", true, "tenure", " 2.5 ", "segment", "new")),
            CandidateWindow.of(new float[] {-1, 5}, new String[] {"sugar cookies", "cookies"}));
        assertArrayEquals(new float[] {
            -1, 0, 1, 0.5f, 1, 2.5f, 7, -1,
            5, (float) Math.log(2), 0.5f, 0.5f, 1, 2.5f, 7, -1}, out, 1e-6f);
    }

    @Test
    public void scoreRatioIsZeroWhenNoScoreIsPositive() {
        FeatureSchema schema = FeatureSchema.of(List.of(spec("ratio", FeatureSource.FIRST_PASS, "score_ratio", null, null, null)),
            2, List.of("title"));
        float[] out = new FeatureAssembler(schema).assemble(request("x", Map.of()),
            CandidateWindow.of(new float[] {0, -2}, new String[] {"a", "b"}));
        assertArrayEquals(new float[] {0, 0}, out, 0);
    }

    @Test
    public void refusesWindowsWithoutTheFieldsTheSchemaReads() {
        FeatureAssembler assembler = new FeatureAssembler(FeatureSchema.of(CoreFixtures.exampleManifest()));
        CandidateWindow bare = CandidateWindow.builder(new float[] {1}, new String[] {"a"})
            .keyword("brand", new String[] {"x"}).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> assembler.assemble(request("a", Map.of()), bare));
        assertEquals("[window] must hold the numeric field [rating_count] but holds only []", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> assembler.assemble(request("a", Map.of()), window(), new float[5]));
        assertEquals("[features] must hold [3 x 13] values but had [5]", e.getMessage());
    }

    @Test
    public void emptyWindowGivesNoValues() {
        FeatureAssembler assembler = new FeatureAssembler(FeatureSchema.of(CoreFixtures.exampleManifest()));
        CandidateWindow empty = CandidateWindow.builder(new float[0], new String[0])
            .numeric("rating_count", new double[0]).keyword("is_book", new String[0]).keyword("brand", new String[0]).build();
        assertEquals(0, assembler.assemble(request("a", Map.of()), empty).length);
    }

    @Test
    public void requestFeaturesFromEmbeddings() {
        UserPreferenceHistogram histogram = new UserPreferenceHistogram(4, 2, 0.1);
        UserContext user = new UserContext("u", Map.of(), List.of(
            HistoryEntry.clicked("dropped: older than max_history", 0),
            new HistoryEntry("shown", null, 1, false),
            HistoryEntry.clicked("clicked", 3)));
        // embeddings of the 2 used entries: cos 0.6 and cos 0 with the query [1, 0]
        RequestFeatures r = RequestFeatures.compute("sugar cookies", user, new float[] {1, 0}, new float[] {3, 4, 0, 1},
            histogram, null, match);
        assertEquals(2, r.historyUsed());
        assertEquals(0.5, r.historyClickRate(), 0);
        assertEquals(0.6, r.historyMaxSimilarity(), 1e-6);
        assertArrayEquals(new float[] {0, 0, 0, 1}, r.userPreference(), 0);
        assertArrayEquals(new float[4], r.queryPreference().histogram(), 0);
        assertEquals(List.of("sugar", "cooki"), r.queryWords().words());

        RequestFeatures anonymous = RequestFeatures.compute("x", UserContext.anonymous(), new float[] {1, 0}, new float[0],
            histogram, null, match);
        assertEquals(0, anonymous.historyUsed());
        assertEquals(0, anonymous.historyClickRate(), 0);
        assertEquals(0, anonymous.historyMaxSimilarity(), 0);
    }
}
