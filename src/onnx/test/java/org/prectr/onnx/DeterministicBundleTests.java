package org.prectr.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.bundle.BundleManifestJson;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.HistoryEntry;
import org.prectr.core.features.UserContext;
import org.prectr.core.fusion.ConditionalClickFusion;
import org.prectr.core.fusion.RelevanceIncentive;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.core.inference.PreparedQuery;
import org.prectr.core.inference.ScoredWindow;
import org.prectr.core.inference.WindowScores;
import org.prectr.core.text.WordPieceTokenizer;

/**
 * The deterministic bundle end to end through the core: written by {@link DeterministicBundleWriter},
 * loaded by {@code ModelBundle.load}, served by {@code WindowScorer} on real ESCI products, and held to
 * {@link DeterministicBundleReference} and the core's fusion math (these are the core's ORT-backed tests).
 */
public class DeterministicBundleTests {

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static final float TOLERANCE = 1e-5f;
    static final List<String> QUERIES = List.of("sandals for women", "mens slippers", "kindle fire", "makeup",
        "toddler water bottle without straw", "wine glasses without stem", "adidas gym bag for women");

    private static Path dir;
    private static ModelBundle bundle;
    private static DeterministicBundleReference reference;
    private static EsciSample esci;

    @BeforeClass
    public static void writeAndLoad() throws Exception {
        dir = DeterministicBundleWriter.write(TEMP.getRoot().toPath(), DeterministicBundleWriter.DEFAULT_NAME);
        bundle = ModelBundle.load(dir, InferenceOptions.DEFAULT);
        reference = DeterministicBundleWriter.reference(bundle.vocabulary());
        esci = EsciSample.load();
    }

    @AfterClass
    public static void close() {
        if (bundle != null) {
            bundle.close();
        }
    }

    /** Clicked exact matches for this very query: r_u(q) is all on grade 3. */
    static UserContext strictUser(String query) {
        return new UserContext("strict", Map.of("segment", "returning", "age_bucket", 4),
            List.of(HistoryEntry.clicked(query, 3), new HistoryEntry(query, "B0", 1, false), HistoryEntry.clicked(query, 3)));
    }

    /** Clicked substitutes and complements for this very query: r_u(q) is on grades 1 and 2. */
    static UserContext lenientUser(String query) {
        return new UserContext("lenient", Map.of("segment", "new", "age_bucket", 2),
            List.of(HistoryEntry.clicked(query, 2), HistoryEntry.clicked(query, 1), HistoryEntry.clicked(query, 2)));
    }

    @Test
    public void writtenBundleHasTheDocumentedFilesAndManifest() throws Exception {
        for (String file : List.of("manifest.json", "vocab.txt", "text_encoder.onnx", "scorer.onnx", "query_preferences.json")) {
            assertTrue(file, Files.isRegularFile(dir.resolve(file)));
        }
        assertEquals(30522, bundle.vocabulary().size());
        assertEquals(DeterministicBundleWriter.manifest(DeterministicBundleWriter.DEFAULT_NAME,
            ModelBundle.sha256(dir.resolve("vocab.txt")), DeterministicScorerWeights.standard()), bundle.manifest());
        assertEquals(bundle.manifest(), BundleManifestJson.read(dir.resolve("manifest.json")));
        assertEquals(24, bundle.model().featureCount());
        assertEquals(16, bundle.model().embeddingDim());
        assertEquals(List.of("rating_count", "rating", "price"), bundle.schema().numericFields());
        assertEquals(List.of("brand", "color", "is_book"), bundle.schema().keywordFields());
        assertEquals(5, bundle.queryPreferences().entries().size());
    }

    @Test
    public void windowScorerMatchesTheJavaReferenceOnRealProducts() {
        WordPieceTokenizer tokenizer = bundle.tokenizer();
        for (String query : QUERIES) {
            List<String> asins = esci.window(query);
            CandidateWindow window = esci.candidateWindow(asins);
            String[] titles = asins.stream().map(esci::title).toArray(String[]::new);
            float[] items = reference.encode(tokenizer.encodeBatch(List.of(titles), DeterministicBundleWriter.ITEM_MAX_LENGTH));
            float[] q = reference.encode(tokenizer.encodeBatch(List.of(query), DeterministicBundleWriter.QUERY_MAX_LENGTH));
            for (UserContext user : List.of(UserContext.anonymous(), strictUser(query), lenientUser(query))) {
                PreparedQuery prepared = bundle.scorer().prepare(query, user);
                assertArrayEquals(query, q, prepared.queryEmbedding(), TOLERANCE);
                ScoredWindow scored = bundle.scorer().score(prepared, window);
                WindowScores graph = scored.scores();
                WindowScores java = reference.score(q, items, scored.features(), asins.size());
                String where = query + " / " + user.id();
                assertArrayEquals(where, java.gradeProbs(), graph.gradeProbs(), TOLERANCE);
                assertArrayEquals(where, java.clickProbs(), graph.clickProbs(), TOLERANCE);
                assertArrayEquals(where, java.tau(), graph.tau(), TOLERANCE);
                assertArrayEquals(where, java.score(), graph.score(), TOLERANCE);
                for (int row = 0; row < graph.rows(); row++) {
                    double fused = ConditionalClickFusion.fuse(graph.gradeProbs(), graph.clickProbs(), row, graph.grades());
                    assertEquals(where, RelevanceIncentive.apply(fused, graph.tau()[row]), graph.score()[row], TOLERANCE);
                }
            }
        }
    }

    @Test
    public void strictAndLenientUsersGetDifferentOrdersOnRealQueries() {
        int differing = 0;
        for (String query : QUERIES) {
            List<String> asins = esci.window(query);
            CandidateWindow window = esci.candidateWindow(asins);
            List<String> strict = order(asins, score(query, strictUser(query), window));
            List<String> lenient = order(asins, score(query, lenientUser(query), window));
            if (!strict.subList(0, 10).equals(lenient.subList(0, 10))) {
                differing++;
            }
        }
        assertTrue("top 10 differ for " + differing + " of " + QUERIES.size() + " queries", differing >= QUERIES.size() / 2);
        // where the user decides, the strict user's top 10 holds more exact matches than the lenient user's
        for (String query : List.of("to boot new york mens shoes", "tresemme shampoo anti breakage",
            "vermont american drill bit set")) {
            List<String> asins = esci.window(query);
            CandidateWindow window = esci.candidateWindow(asins);
            long strictExact = exactInTop10(query, order(asins, score(query, strictUser(query), window)));
            long lenientExact = exactInTop10(query, order(asins, score(query, lenientUser(query), window)));
            assertTrue(query + ": " + strictExact + " vs " + lenientExact, strictExact >= lenientExact + 3);
        }
    }

    @Test
    public void overAllDevQueriesStrictUsersSeeMoreExactMatchesThanLenientOnes() {
        long strict = 0;
        long anonymous = 0;
        long lenient = 0;
        for (String query : esci.judged().keySet()) {
            List<String> asins = esci.window(query);
            CandidateWindow window = esci.candidateWindow(asins);
            strict += exactInTop10(query, order(asins, score(query, strictUser(query), window)));
            anonymous += exactInTop10(query, order(asins, score(query, UserContext.anonymous(), window)));
            lenient += exactInTop10(query, order(asins, score(query, lenientUser(query), window)));
        }
        assertTrue(strict + " > " + anonymous + " > " + lenient, strict > anonymous && anonymous > lenient);
    }

    private static float[] score(String query, UserContext user, CandidateWindow window) {
        return bundle.scorer().score(bundle.scorer().prepare(query, user), window).scores().score();
    }

    private static long exactInTop10(String query, List<String> order) {
        return order.subList(0, 10).stream().filter(asin -> esci.judged().get(query).get(asin) == 3).count();
    }

    /** Score descending, then window position (the rescorer's tie-break). */
    static List<String> order(List<String> asins, float[] scores) {
        List<String> out = new ArrayList<>();
        IntStream.range(0, asins.size()).boxed()
            .sorted(Comparator.<Integer>comparingDouble(r -> -scores[r]).thenComparingInt(r -> r))
            .forEach(r -> out.add(asins.get(r)));
        return out;
    }

    @Test
    public void reusedScorerBuffersGiveTheSameScoresForAnyWindowSizeInAnyOrder() {
        int d = DeterministicBundleWriter.EMBEDDING_DIM;
        int f = bundle.manifest().features().size();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[] q = new float[d];
        for (int i = 0; i < d; i++) {
            q[i] = (float) random.nextGaussian() / 4;
        }
        // one window past the per-thread cache (rows x D > 2^20 floats), then big, small, big again
        int huge = (1 << 20) / d + 5;
        float[] items = new float[huge * d];
        float[] features = new float[huge * f];
        for (int i = 0; i < items.length; i++) {
            items[i] = (float) random.nextGaussian() / 4;
        }
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextInt(2);
        }
        WindowScores all = bundle.model().score(q, items, features, huge);
        for (int rows : new int[] {200, 7, 200, 1, 50}) {
            WindowScores part = bundle.model().score(q, java.util.Arrays.copyOf(items, rows * d),
                java.util.Arrays.copyOf(features, rows * f), rows);
            assertArrayEquals("rows " + rows, java.util.Arrays.copyOf(all.score(), rows), part.score(), 1e-6f);
            assertArrayEquals("rows " + rows, java.util.Arrays.copyOf(all.tau(), rows), part.tau(), 1e-6f);
        }
    }

    /**
     * The history grades, one scorer call with one query per row, equal the grade_probs of each pair
     * scored as its own window for an anonymous user; and they do not depend on r_u: the same pair
     * scored for a user with a strict history has the same grade_probs (the RSL head reads no user input).
     */
    @Test
    public void inferredHistoryGradesEqualEachPairScoredAloneAndIgnoreTheUser() {
        var scorer = bundle.scorer();
        List<String> queries = List.of("sandals for women", "mens slippers", "wine glasses without stem");
        String[] texts = {"women's leather sandals", "slippers for men, memory foam", "stemless wine glasses set of 4"};
        float[] probs = scorer.inferHistoryGrades(queries, scorer.encodeQueries(queries),
            CandidateWindow.of(new float[] {1, 1, 1}, texts));
        int k = bundle.manifest().gradeCount();
        assertEquals(queries.size() * k, probs.length);
        for (int j = 0; j < queries.size(); j++) {
            CandidateWindow alone = CandidateWindow.builder(new float[] {1}, new String[] {texts[j]})
                .numeric("rating_count", new double[] {Double.NaN}).numeric("rating", new double[] {Double.NaN})
                .numeric("price", new double[] {Double.NaN}).keyword("is_book", new String[] {null})
                .keyword("brand", new String[] {null}).keyword("color", new String[] {null}).build();
            WindowScores anonymous = scorer.score(scorer.prepare(queries.get(j), UserContext.anonymous()), alone).scores();
            WindowScores strict = scorer.score(scorer.prepare(queries.get(j), strictUser(queries.get(j))), alone).scores();
            for (int i = 0; i < k; i++) {
                assertEquals(anonymous.gradeProbs()[i], probs[j * k + i], TOLERANCE);
                assertEquals(anonymous.gradeProbs()[i], strict.gradeProbs()[i], TOLERANCE);
            }
        }
    }
}
