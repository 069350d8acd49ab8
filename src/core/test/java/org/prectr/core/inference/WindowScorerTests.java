package org.prectr.core.inference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.bundle.GraphContract;
import org.prectr.core.bundle.GraphsSpec;
import org.prectr.core.bundle.TokenizerSpec;
import org.prectr.core.bundle.UserPreferenceSpec;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.FeatureSource;
import org.prectr.core.features.HistoryEntry;
import org.prectr.core.features.QueryPreferenceEntry;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.features.UserContext;
import org.prectr.core.fusion.RelevanceIncentive;
import org.prectr.core.text.Vocabulary;
import org.prectr.core.text.WordPieceTokenizer;

public class WindowScorerTests {

    private static final Vocabulary VOCAB = Vocabulary.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "red", "running",
        "shoe", "##s", "trail", "tool", "wrap"));

    private static FeatureSpec spec(String name, FeatureSource source, String stat, String match, Integer grade) {
        return new FeatureSpec(name, source, stat, match, null, null, null, grade, null, null, null, null);
    }

    private static final List<FeatureSpec> FEATURES = List.of(
        spec("coverage", FeatureSource.MATCH, null, "query_coverage", null),
        spec("log_rank", FeatureSource.FIRST_PASS, "log_rank", null, null),
        spec("history_length", FeatureSource.USER_HISTORY, "length", null, null),
        spec("r_user_1", FeatureSource.USER_PREFERENCE, null, null, 1),
        spec("r_cate_1", FeatureSource.QUERY_PREFERENCE, null, null, 1));

    private static BundleManifest manifest(int maxHistory) {
        GraphsSpec graphs = new GraphsSpec(
            GraphContract.spec(GraphContract.Role.QUERY_ENCODER, "enc.onnx", 2, 2, FEATURES.size()),
            GraphContract.spec(GraphContract.Role.ITEM_ENCODER, "enc.onnx", 2, 2, FEATURES.size()),
            GraphContract.spec(GraphContract.Role.SCORER, "scorer.onnx", 2, 2, FEATURES.size()));
        return new BundleManifest(1, "tiny", "1", 7, List.of("irrelevant", "relevant"),
            new TokenizerSpec("wordpiece", "vocab.txt", "0".repeat(64), true, 4, 3), List.of("title"), 2, graphs,
            FEATURES, new UserPreferenceSpec(maxHistory, 0.1), new org.prectr.core.bundle.QueryPreferenceSpec("qp.json", 0.99),
            null);
    }

    private final ArithmeticModel model = new ArithmeticModel(FEATURES.size());
    private final WordPieceTokenizer tokenizer = new WordPieceTokenizer(VOCAB, true);

    private WindowScorer scorer(int maxHistory) {
        BundleManifest m = manifest(maxHistory);
        QueryPreferenceTable table = QueryPreferenceTable.of(
            List.of(new QueryPreferenceEntry("tool wrap", new float[] {0.3f, 0.7f}, 9)), 2, 0.99,
            texts -> model.encodeQueries(tokenizer.encodeBatch(texts, 4)));
        model.queryBatchRows.clear();
        return new WindowScorer(m, FeatureSchema.of(m), tokenizer, model, table);
    }

    @Test
    public void prepareEncodesTheQueryAndTheUsedHistoryInOneBatch() {
        WindowScorer scorer = scorer(2);
        UserContext user = new UserContext("u", Map.of(), List.of(
            HistoryEntry.clicked("tool wrap", 0),      // dropped: only the last 2 are used
            HistoryEntry.clicked("red shoes", 1),      // [CLS] red shoe ##s [SEP] truncated to 4: count 4, id 4
            new HistoryEntry("trail", null, 0, false)));
        PreparedQuery q = scorer.prepare("Red running shoes", user);
        assertEquals(List.of(3), model.queryBatchRows);
        // query tokens [CLS] red running [SEP] (max length 4): 4 tokens, first id 4 (red)
        assertArrayEquals(new float[] {4, 4}, q.queryEmbedding(), 0);
        assertEquals(2, q.features().historyUsed());
        // the only clicked graded entry used has grade 1
        assertArrayEquals(new float[] {0, 1}, q.features().userPreference(), 0);
        // "red running shoes" is not in the table and cos([4, 4], [4, 9]) < 0.99
        assertEquals(false, q.features().queryPreference().matched());
    }

    @Test
    public void queryPreferenceFromTheTable() {
        PreparedQuery q = scorer(50).prepare("Tool  Wrap", UserContext.anonymous());
        assertArrayEquals(new float[] {0.3f, 0.7f}, q.features().queryPreference().histogram(), 0);
        assertArrayEquals(new float[] {0, 0}, q.features().userPreference(), 0);
    }

    @Test
    public void historyGradesAreCheckedAgainstK() {
        WindowScorer scorer = scorer(50);
        List<HistoryEntry> history = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            history.add(HistoryEntry.clicked("q" + i, 1));
        }
        history.add(HistoryEntry.clicked("bad", 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> scorer.prepare("red", new UserContext("u", Map.of(), history)));
        assertEquals("[user.history[3].grade] must be in [0, 2) but was [7]", e.getMessage());
        assertEquals(List.of(), model.queryBatchRows);
    }

    @Test
    public void scoreEncodesOnlyRowsWithoutStoredEmbeddingsAndCallsTheScorerOnce() {
        WindowScorer scorer = scorer(50);
        PreparedQuery q = scorer.prepare("tool wrap", UserContext.anonymous());
        CandidateWindow window = CandidateWindow.builder(new float[] {9, 8, 7},
                new String[] {"tool wrap", "red shoe", "trail"})
            .embeddings(new float[] {0, 0, 5, 6, 0, 0}, new boolean[] {false, true, false}, 2)
            .build();
        ScoredWindow scored = scorer.score(q, window);
        assertEquals(List.of(2), model.itemBatchRows);
        assertEquals(1, model.scorerFeatures.size());
        // rows 0 and 2 encoded ([CLS] tool [SEP] with item max length 3; [CLS] trail [SEP]); row 1 stored
        assertArrayEquals(new float[] {3, 9, 5, 6, 3, 8}, model.scorerItems.get(0), 0);
        assertEquals(List.of("coverage", "log_rank", "history_length", "r_user_1", "r_cate_1"), scored.featureNames());
        float cate = 0.7f;
        assertArrayEquals(new float[] {
            1, 0, 0, 0, cate,
            0, (float) Math.log(2), 0, 0, cate,
            0, (float) Math.log(3), 0, 0, cate}, scored.features(), 1e-6f);
        assertEquals((float) Math.log(3), scored.feature(2, 1), 1e-6f);
        WindowScores s = scored.scores();
        assertEquals(3, s.rows());
        double p1 = 1 / (1 + Math.exp(-1));
        double fused = 0.1 * (1 - p1) + 0.5 * p1;
        assertEquals(fused, s.fusedClick(0), 1e-6);
        assertEquals(RelevanceIncentive.apply(fused, 0.3), s.score()[0], 1e-6);
        assertEquals((float) p1, s.gradeProb(0, 1), 1e-6f);
        assertEquals(0.5f, s.clickProb(2, 1), 0);
    }

    @Test
    public void allRowsStoredMeansNoItemEncoding() {
        WindowScorer scorer = scorer(50);
        PreparedQuery q = scorer.prepare("red", UserContext.anonymous());
        scorer.score(q, CandidateWindow.builder(new float[] {1}, new String[] {"x"})
            .embeddings(new float[] {1, 2}, new boolean[] {true}, 2).build());
        assertEquals(List.of(), model.itemBatchRows);
        assertEquals(1, model.scorerFeatures.size());
    }

    @Test
    public void emptyWindow() {
        WindowScorer scorer = scorer(50);
        PreparedQuery q = scorer.prepare("red", UserContext.anonymous());
        ScoredWindow scored = scorer.score(q, CandidateWindow.of(new float[0], new String[0]));
        assertEquals(0, scored.scores().rows());
        assertEquals(0, scored.features().length);
        assertEquals(List.of(), model.itemBatchRows);
    }

    @Test
    public void refusesEmbeddingsOfAnotherDimension() {
        WindowScorer scorer = scorer(50);
        PreparedQuery q = scorer.prepare("red", UserContext.anonymous());
        CandidateWindow window = CandidateWindow.builder(new float[] {1}, new String[] {"x"})
            .embeddings(new float[] {1, 2, 3}, new boolean[] {true}, 3).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scorer.score(q, window));
        assertEquals("[embeddings] must have dimension [2] but had [3]", e.getMessage());
    }

    @Test
    public void historyGradesAreTheScorersGradeProbsOfEachPairWithNoUserPreference() {
        WindowScorer scorer = scorer(5);
        List<String> queries = List.of("red shoes", "tool wrap");
        float[] queryEmbeddings = scorer.encodeQueries(queries);
        // item 0 has a stored embedding, item 1 is encoded from its text
        CandidateWindow items = CandidateWindow.builder(new float[] {0, 0}, new String[] {"red running shoes", "trail"})
            .embeddings(new float[] {9, 9, 0, 0}, new boolean[] {true, false}, 2).build();
        model.itemBatchRows.clear();
        model.scorerFeatures.clear();
        float[] p = scorer.inferHistoryGrades(queries, queryEmbeddings, items);
        assertEquals(List.of(1), model.itemBatchRows);
        assertEquals(1, model.scorerFeatures.size());
        float[] f = model.scorerFeatures.get(0);
        // per row, with the row's own query: coverage, log_rank 0 (a one-row window), no history, r_u = 0, r_cate = 0
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, f, 1e-6f);
        // ArithmeticModel: P(grade 1) = sigmoid(coverage)
        float p1 = (float) org.prectr.core.fusion.StableMath.sigmoid(1);
        assertArrayEquals(new float[] {1 - p1, p1, 0.5f, 0.5f}, p, 1e-6f);
        assertArrayEquals(new float[] {9, 9}, java.util.Arrays.copyOf(model.scorerItems.get(0), 2), 0);
    }

    @Test
    public void inferredHistoryGradesReachTheUserPreference() {
        WindowScorer scorer = scorer(5);
        UserContext user = new UserContext("u", Map.of(), List.of(
            new HistoryEntry("red shoes", "A", null, true).withInferredGrades(new float[] {0.25f, 0.75f})));
        PreparedQuery q = scorer.prepare("red shoes", user);
        assertArrayEquals(new float[] {0.25f, 0.75f}, q.features().userPreference(), 1e-6f);
        // the same from embeddings the caller already has
        float[] e = scorer.encodeQueries(List.of("red shoes", "red shoes"));
        PreparedQuery cached = scorer.prepare("red shoes", user, java.util.Arrays.copyOf(e, 2), java.util.Arrays.copyOfRange(e, 2, 4));
        assertArrayEquals(q.features().userPreference(), cached.features().userPreference(), 0);
        assertArrayEquals(q.queryEmbedding(), cached.queryEmbedding(), 0);
    }
}
