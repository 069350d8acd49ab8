package org.prectr.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.BeforeClass;
import org.junit.Test;
import org.prectr.core.fusion.ConditionalClickFusion;
import org.prectr.core.fusion.RelevanceIncentive;
import org.prectr.core.inference.WindowScores;
import org.prectr.core.text.TokenBatch;
import org.prectr.core.text.Vocabulary;
import org.prectr.core.text.WordPieceTokenizer;

/**
 * The deterministic bundle's graphs, run in ONNX Runtime on real ESCI titles, against
 * {@link DeterministicBundleReference} and the core's fusion math.
 */
public class DeterministicGraphsTests {

    private static final float TOLERANCE = 1e-5f;
    private static final List<String> QUERIES = List.of("sandals for women", "toddler water bottle without straw",
        "kindle fire", "mens slippers");

    private static Vocabulary vocabulary;
    private static WordPieceTokenizer tokenizer;
    private static DeterministicBundleReference reference;
    private static byte[] encoder;
    private static byte[] scorer;
    private static EsciSample esci;

    @BeforeClass
    public static void buildGraphs() throws Exception {
        vocabulary = DeterministicBundleWriter.bertVocabulary();
        tokenizer = new WordPieceTokenizer(vocabulary, true);
        reference = DeterministicBundleWriter.reference();
        float[] table = BagOfWordsTokenTable.build(vocabulary, DeterministicBundleWriter.EMBEDDING_DIM, DeterministicBundleWriter.SEED);
        encoder = DeterministicGraphs.encoder(table, vocabulary.size(), DeterministicBundleWriter.EMBEDDING_DIM);
        scorer = DeterministicGraphs.scorer(reference.weights(), DeterministicBundleWriter.EMBEDDING_DIM);
        esci = EsciSample.load();
    }

    private static float[] runEncoder(TokenBatch batch) throws Exception {
        return new OrtTestRunner().longs("input_ids", batch.inputIds(), batch.rows(), batch.length())
            .longs("attention_mask", batch.attentionMask(), batch.rows(), batch.length())
            .runFloats(encoder, "embedding");
    }

    private static WindowScores runScorer(float[] query, float[] items, float[] features, int rows) throws Exception {
        int d = DeterministicBundleWriter.EMBEDDING_DIM;
        float[] repeated = new float[rows * d];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(query, 0, repeated, row * d, d);
        }
        Map<String, Object> out = new OrtTestRunner().floats("query_embedding", repeated, rows, d)
            .floats("item_embedding", items, rows, d)
            .floats("features", features, rows, reference.weights().featureCount())
            .run(scorer);
        return new WindowScores(rows, 4, (float[]) out.get("grade_probs"), (float[]) out.get("click_probs"),
            (float[]) out.get("tau"), (float[]) out.get("score"));
    }

    private static float[] randomFeatures(int rows, long seed) {
        Random random = new Random(seed);
        float[] features = new float[rows * reference.weights().featureCount()];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextBoolean() ? random.nextFloat() : (float) random.nextGaussian();
        }
        return features;
    }

    @Test
    public void encoderMatchesJavaReferenceOnRealTitles() throws Exception {
        for (String query : QUERIES) {
            List<String> titles = new ArrayList<>();
            esci.window(query).forEach(asin -> titles.add(esci.title(asin)));
            TokenBatch batch = tokenizer.encodeBatch(titles, DeterministicBundleWriter.ITEM_MAX_LENGTH);
            float[] graph = runEncoder(batch);
            assertEquals(batch.rows() * DeterministicBundleWriter.EMBEDDING_DIM, graph.length);
            assertArrayEquals(query, reference.encode(batch), graph, TOLERANCE);
        }
    }

    @Test
    public void encoderIsABagOfWordsThatIgnoresStopWordsAndPadding() throws Exception {
        TokenBatch batch = tokenizer.encodeBatch(List.of("red running shoes", "Shoes, running RED",
            "running shoes for the beach", "running shoes beach", "for the"), DeterministicBundleWriter.QUERY_MAX_LENGTH);
        float[] e = runEncoder(batch);
        int d = DeterministicBundleWriter.EMBEDDING_DIM;
        assertArrayEquals(slice(e, 0, d), slice(e, 1, d), TOLERANCE);
        assertArrayEquals(slice(e, 2, d), slice(e, 3, d), TOLERANCE);
        assertArrayEquals(new float[d], slice(e, 4, d), 0f);
        assertEquals(1.0, dot(slice(e, 0, d), slice(e, 0, d)), TOLERANCE);
        assertTrue("partial overlap is less similar than equal words",
            dot(slice(e, 0, d), slice(e, 3, d)) < dot(slice(e, 2, d), slice(e, 3, d)));
    }

    @Test
    public void scorerMatchesJavaReferenceAndCoreFusionOnRealProducts() throws Exception {
        long seed = 7;
        for (String query : QUERIES) {
            List<String> titles = new ArrayList<>();
            esci.window(query).forEach(asin -> titles.add(esci.title(asin)));
            int rows = titles.size();
            float[] items = reference.encode(tokenizer.encodeBatch(titles, DeterministicBundleWriter.ITEM_MAX_LENGTH));
            float[] q = reference.encode(tokenizer.encodeBatch(List.of(query), DeterministicBundleWriter.QUERY_MAX_LENGTH));
            float[] features = randomFeatures(rows, seed++);
            WindowScores graph = runScorer(q, items, features, rows);
            WindowScores java = reference.score(q, items, features, rows);
            assertArrayEquals(java.gradeProbs(), graph.gradeProbs(), TOLERANCE);
            assertArrayEquals(java.clickProbs(), graph.clickProbs(), TOLERANCE);
            assertArrayEquals(java.tau(), graph.tau(), TOLERANCE);
            assertArrayEquals(java.score(), graph.score(), TOLERANCE);
            for (int row = 0; row < rows; row++) {
                double fused = ConditionalClickFusion.fuse(graph.gradeProbs(), graph.clickProbs(), row, 4);
                assertEquals(RelevanceIncentive.apply(fused, graph.tau()[row]), graph.score()[row], TOLERANCE);
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    sum += graph.gradeProb(row, i);
                    if (i > 0) {
                        assertTrue("c_i increases with the grade", graph.clickProb(row, i) > graph.clickProb(row, i - 1));
                    }
                }
                assertEquals(1.0, sum, TOLERANCE);
            }
        }
    }

    @Test
    public void overlapRaisesAndNegationViolationLowersTheExpectedGrade() {
        int f = reference.weights().featureCount();
        List<String> names = reference.weights().features().stream().map(s -> s.name()).toList();
        int negation = names.indexOf("negation_violation");
        float[] q = reference.encode(tokenizer.encodeBatch(List.of("water bottle"), 16));
        float[] items = reference.encode(tokenizer.encodeBatch(List.of("water bottle", "water bottle", "garden hose"), 48));
        float[] features = new float[3 * f];
        for (int row = 0; row < 2; row++) {
            // "water bottle" in "water bottle": every query word present, equal word sets
            features[row * f + names.indexOf("query_coverage")] = 1f;
            features[row * f + names.indexOf("jaccard")] = 1f;
        }
        features[f + negation] = 1f;
        WindowScores scores = reference.score(q, items, features, 3);
        assertTrue(expectedGrade(scores, 0) > 2.5);
        assertTrue(expectedGrade(scores, 1) < 1.0);
        assertTrue(expectedGrade(scores, 0) > expectedGrade(scores, 2));
    }

    private static double expectedGrade(WindowScores scores, int row) {
        double e = 0;
        for (int i = 0; i < scores.grades(); i++) {
            e += i * scores.gradeProb(row, i);
        }
        return e;
    }

    private static float[] slice(float[] rows, int row, int d) {
        float[] out = new float[d];
        System.arraycopy(rows, row * d, out, 0, d);
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
