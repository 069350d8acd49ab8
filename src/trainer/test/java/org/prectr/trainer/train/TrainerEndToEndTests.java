package org.prectr.trainer.train;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.core.inference.PreparedQuery;
import org.prectr.core.inference.ScoredWindow;
import org.prectr.core.text.TokenBatch;
import org.prectr.trainer.data.FirstPhaseScores;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.data.UbiLogReader;
import org.prectr.trainer.encoder.DistilledEncoder;
import org.prectr.trainer.export.BundleWriter;
import org.prectr.trainer.fixture.SyntheticShop;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A few-epoch PRECTR-V2 run (encoder fine-tuned end to end, every regulariser on) on the synthetic shop:
 * losses go down, the exported bundle loads in the core, ONNX Runtime reproduces DJL for both graphs,
 * and the core's WindowScorer (the plugin's path) gives the trained model's scores.
 */
public class TrainerEndToEndTests {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    static NDManager manager;
    static DistilledEncoder encoder;
    static TrainedModel model;
    static Map<String, Product> products;
    static Judgments validation;
    static Path bundleDir;

    @BeforeClass
    public static void train() throws Exception {
        SyntheticShop shop = SyntheticShop.write(TMP.newFolder("shop").toPath(), 300, 7);
        products = ProductReader.read(shop.products);
        validation = Judgments.read(shop.validationJudgments);
        TrainingData data = new TrainingData(products, Judgments.read(shop.trainJudgments), validation,
            UbiLogReader.read(shop.ubiLog));
        manager = NDManager.newBaseManager();
        encoder = SyntheticShop.encoder(manager, 5);
        model = new PrectrTrainer(smallConfig(), false).train(data, new TextModel(SyntheticShop.vocabulary(), encoder, null));
        bundleDir = TMP.getRoot().toPath().resolve("shop-v2");
        BundleWriter.write(model, bundleDir, Map.of("fixture", "SyntheticShop(300, 7)"));
    }

    static TrainerConfig smallConfig() {
        return TrainerConfig.defaults().toBuilder()
            .set("stage1Epochs", 3).set("stage2Epochs", 3).set("batchSize", 64).set("stage1BatchSize", 32)
            .set("rslHidden", List.of(16)).set("towerHidden", List.of(16)).set("incentiveHidden", List.of(8))
            .set("queryProjection", 4).set("minPreferenceClicks", 1).set("learningRate", 3e-3f)
            .set("consistencyKl", true).set("fineTuneEncoder", true).build();
    }

    @AfterClass
    public static void close() {
        if (model != null) {
            model.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    public void testLossesDecrease() {
        List<EpochRecord> stage1 = model.records().stream().filter(r -> r.stage() == 1).toList();
        List<EpochRecord> stage2 = model.records().stream().filter(r -> r.stage() == 2).toList();
        assertEquals(3, stage1.size());
        assertEquals(3, stage2.size());
        double firstCe = stage1.get(0).losses().get("grade_ce");
        double lastCe = stage1.get(2).losses().get("grade_ce");
        assertTrue("stage 1 CE " + firstCe + " -> " + lastCe, lastCe < firstCe);
        double firstBce = stage2.get(0).losses().get("click_bce");
        double lastBce = stage2.get(2).losses().get("click_bce");
        assertTrue("stage 2 BCE " + firstBce + " -> " + lastBce, lastBce < firstBce);
        assertEquals("validation_click_auc", model.selectedEpochs().get("stage2").get("metric"));
        for (String component : List.of("consistency_ce", "consistency_kl", "monotonicity", "negative_ce", "pairwise")) {
            assertTrue(component + " logged", stage2.get(0).losses().containsKey(component));
        }
    }

    @Test
    public void testTheRelevanceWeightIsTheBestCandidateByValidationNdcgPlusAucAndTheBundleSaysSo() throws Exception {
        List<Map<String, Object>> trial = model.relevanceWeightTrial();
        assertEquals(TrainerConfig.DEFAULT_RELEVANCE_WEIGHTS.size(), trial.size());
        float chosen = model.scorer().relevanceWeight();
        double best = Double.NEGATIVE_INFINITY;
        float expected = Float.NaN;
        for (Map<String, Object> row : trial) {
            double auc = (Double) row.get("validation_click_auc");
            double objective = (Double) row.get("validation_ndcg10_score") + (Double.isNaN(auc) ? 0 : auc);
            if (objective > best + RelevanceWeightSelection.MIN_GAIN) {
                best = objective;
                expected = (Float) row.get("weight");
            }
        }
        assertEquals(expected, chosen, 0f);
        ModelBundle bundle = ModelBundle.load(bundleDir, InferenceOptions.DEFAULT);
        try (bundle) {
            assertEquals((double) chosen, ((Number) bundle.manifest().training().get("relevance_weight")).doubleValue(), 0);
        }
    }

    @Test
    public void testScorerGraphEqualsDjl() throws Exception {
        ExampleTable table = model.current(model.exampleBuilder(products).fromJudgments(validation));
        ScoreColumns djl = model.score(table);
        int n = table.rows();
        int d = table.dim();
        int f = table.featureCount();
        float[] q = new float[n * d];
        float[] t = new float[n * d];
        for (int r = 0; r < n; r++) {
            System.arraycopy(table.queryEmbeddings(), table.queryRow()[r] * d, q, r * d, d);
            System.arraycopy(table.itemEmbeddings(), table.itemRow()[r] * d, t, r * d, d);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(bundleDir.resolve("scorer.onnx").toString(), new OrtSession.SessionOptions());
             OnnxTensor tq = OnnxTensor.createTensor(env, FloatBuffer.wrap(q), new long[] {n, d});
             OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(t), new long[] {n, d});
             OnnxTensor tf = OnnxTensor.createTensor(env, FloatBuffer.wrap(table.features()), new long[] {n, f});
             OrtSession.Result out = s.run(Map.of("query_embedding", tq, "item_embedding", tt, "features", tf))) {
            assertClose("grade_probs", djl.gradeProbs(), out);
            assertClose("click_probs", djl.clickProbs(), out);
            assertClose("tau", djl.tau(), out);
            assertClose("score", djl.score(), out);
        }
    }

    @Test
    public void testEncoderGraphEqualsDjl() throws Exception {
        List<String> texts = new ArrayList<>(model.exampleBuilder(products).fromJudgments(validation).itemTexts());
        texts.add("blue shoe");
        float[] djl = model.embedder().embed(texts, false);
        TokenBatch batch = model.tokenizer().encodeBatch(texts, model.config().itemMaxLength());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(bundleDir.resolve("text_encoder.onnx").toString(), new OrtSession.SessionOptions());
             OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), new long[] {batch.rows(), batch.length()});
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), new long[] {batch.rows(), batch.length()});
             OrtSession.Result out = s.run(Map.of("input_ids", ids, "attention_mask", mask))) {
            assertClose("embedding", djl, out);
        }
    }

    @Test
    public void testBundleServesTrainedScoresThroughCore() throws Exception {
        ExampleTable table = model.current(model.exampleBuilder(products).fromJudgments(validation));
        ScoreColumns djl = model.score(table);
        try (ModelBundle bundle = ModelBundle.load(bundleDir, InferenceOptions.DEFAULT)) {
            assertEquals("shop-v2", bundle.manifest().name());
            assertEquals(42L, bundle.manifest().seed());
            assertEquals(model.selectedEpochs(), bundle.manifest().training().get("selected_epochs"));
            // judged-only examples hold every product in a window of its own (see ExampleBuilder)
            for (int r = 0; r < table.rows(); r++) {
                String query = table.queryTexts().get(table.queryRow()[r]);
                PreparedQuery prepared = bundle.scorer().prepare(query, UserContext.anonymous());
                ScoredWindow served = bundle.scorer().score(prepared, window(query, List.of(table.itemIds().get(table.itemRow()[r]))));
                assertEquals("score of row " + r, djl.score()[r], served.scores().score()[0], 1e-5);
                assertEquals("tau of row " + r, djl.tau()[r], served.scores().tau()[0], 1e-5);
            }
            assertEquals(2 * 36, table.rows());
        }
    }

    /** The candidate window the plugin would build for these products (fields read as doc values). */
    static CandidateWindow window(String query, List<String> ids) {
        return window(query, ids, products);
    }

    /**
     * The candidate window the plugin would build for these products of a catalogue: their BM25 scores
     * for the query (a match query on title, the first phase the bundle was trained behind) as the
     * first-phase scores, part of a result list whose best hit is the query's top product.
     */
    static CandidateWindow window(String query, List<String> ids, Map<String, Product> products) {
        FirstPhaseScores firstPhase = FirstPhaseScores.over(products, List.of("title"));
        int n = ids.size();
        String[] titles = new String[n];
        double[] ratingCount = new double[n];
        double[] rating = new double[n];
        double[] price = new double[n];
        String[] isBook = new String[n];
        String[] brand = new String[n];
        String[] color = new String[n];
        for (int r = 0; r < n; r++) {
            Product p = products.get(ids.get(r));
            titles[r] = p.text("title");
            ratingCount[r] = p.number("rating_count");
            rating[r] = p.number("rating");
            price[r] = p.number("price");
            isBook[r] = p.texts().get("is_book");
            brand[r] = p.texts().get("brand");
            color[r] = p.texts().get("color");
        }
        return CandidateWindow.builder(firstPhase.scores(query, ids), titles).topScore(firstPhase.topScore(query))
            .numeric("rating_count", ratingCount)
            .numeric("rating", rating).numeric("price", price).keyword("is_book", isBook)
            .keyword("brand", brand).keyword("color", color).build();
    }

    static void assertClose(String name, float[] expected, OrtSession.Result result) throws Exception {
        float[] actual = ((OnnxTensor) result.get(name).get()).getFloatBuffer().array();
        assertEquals(name + " length", expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(name + " max diff " + max, max <= 1e-5);
    }
}
