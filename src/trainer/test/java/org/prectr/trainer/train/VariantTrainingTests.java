package org.prectr.trainer.train;

import ai.djl.ndarray.NDManager;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.data.Judgments;
import org.prectr.core.data.ProductReader;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.core.text.Vocabulary;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.data.UbiLogReader;
import org.prectr.trainer.encoder.DistilledEncoder;
import org.prectr.trainer.export.BundleWriter;
import org.prectr.trainer.fixture.SyntheticShop;
import org.prectr.trainer.teacher.TeacherModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * The V1 and DNN variants and V2 on frozen teacher embeddings train, export and serve; a model on frozen
 * embeddings that are neither the encoder's nor a teacher's refuses to export.
 */
public class VariantTrainingTests {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    static TrainingData data(SyntheticShop shop) throws Exception {
        return new TrainingData(ProductReader.read(shop.products), Judgments.read(shop.trainJudgments),
            Judgments.read(shop.validationJudgments), UbiLogReader.read(shop.ubiLog));
    }

    static TrainerConfig small(Variant variant) {
        return variant.apply(TrainerConfig.defaults().toBuilder()
            .set("stage1Epochs", 2).set("stage2Epochs", 2).set("batchSize", 64).set("stage1BatchSize", 32)
            .set("rslHidden", List.of(8)).set("towerHidden", List.of(8)).set("incentiveHidden", List.of(8))
            .set("queryProjection", 2).set("minPreferenceClicks", 1).build());
    }

    @Test
    public void testAFrozenRelevanceHeadKeepsItsStageOneRankingThroughStageTwo() throws Exception {
        SyntheticShop shop = SyntheticShop.write(TMP.newFolder().toPath(), 150, 3);
        TrainingData data = data(shop);
        for (boolean frozen : List.of(true, false)) {
            TrainerConfig config = small(Variant.PRECTR_V2).toBuilder().set("freezeRelevanceHead", frozen)
                .set("stage2Epochs", 3).set("learningRate", 1e-2f).build();
            try (NDManager manager = NDManager.newBaseManager();
                 DistilledEncoder encoder = SyntheticShop.encoder(manager, 5);
                 TrainedModel model = new PrectrTrainer(config, false)
                     .train(data, new TextModel(SyntheticShop.vocabulary(), encoder, null))) {
                double kept = model.records().stream().filter(r -> r.stage() == 1)
                    .mapToDouble(r -> r.validation().get("validation_ndcg10_relevance")).max().orElseThrow();
                List<Double> stage2 = model.records().stream().filter(r -> r.stage() == 2)
                    .map(r -> r.validation().get("validation_ndcg10_relevance")).toList();
                if (frozen) {
                    // the RSL head's weights are those of the kept stage-1 epoch in every stage-2 epoch
                    stage2.forEach(v -> assertEquals(kept, v, 0));
                } else {
                    assertTrue("stage 2 moved the unfrozen head: " + stage2, stage2.stream().anyMatch(v -> v != kept));
                }
            }
        }
    }

    @Test
    public void testV1AndDnnBundlesServeTheirTrainedScores() throws Exception {
        SyntheticShop shop = SyntheticShop.write(TMP.newFolder().toPath(), 150, 3);
        TrainingData data = data(shop);
        for (Variant variant : List.of(Variant.PRECTR_V1, Variant.DNN)) {
            try (NDManager manager = NDManager.newBaseManager();
                 DistilledEncoder encoder = SyntheticShop.encoder(manager, 5);
                 TrainedModel model = new PrectrTrainer(small(variant), false)
                     .train(data, new TextModel(SyntheticShop.vocabulary(), encoder, null))) {
                if (variant == Variant.DNN) {
                    // a plain click model has no relevance head trained on grades to blend into its score
                    assertEquals(0f, model.scorer().relevanceWeight(), 0f);
                    assertTrue(model.relevanceWeightTrial().isEmpty());
                } else {
                    assertEquals(TrainerConfig.DEFAULT_RELEVANCE_WEIGHTS.size(), model.relevanceWeightTrial().size());
                }
                Path dir = TMP.getRoot().toPath().resolve("shop-" + variant.optionName().replace('_', '-'));
                BundleWriter.write(model, dir, Map.of());
                assertFalse(Files.exists(dir.resolve("query_preferences.json")));
                ExampleTable table = model.current(model.exampleBuilder(data.products()).fromJudgments(data.validationJudgments()));
                ScoreColumns djl = model.score(table);
                try (ModelBundle bundle = ModelBundle.load(dir, InferenceOptions.DEFAULT)) {
                    assertNull(bundle.manifest().queryPreferences());
                    assertEquals(variant.optionName(), ((Map<?, ?>) bundle.manifest().training().get("config")).get("variant"));
                    for (int r = 0; r < table.rows(); r += 7) {
                        var prepared = bundle.scorer().prepare(table.queryTexts().get(table.queryRow()[r]), UserContext.anonymous());
                        var served = bundle.scorer().score(prepared,
                            TrainerEndToEndTests.window(table.queryTexts().get(table.queryRow()[r]),
                                List.of(table.itemIds().get(table.itemRow()[r])), data.products()));
                        assertEquals(variant + " row " + r, djl.score()[r], served.scores().score()[0], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    public void testFrozenTeacherStyleModelCannotBeExported() throws Exception {
        SyntheticShop shop = SyntheticShop.write(TMP.newFolder().toPath(), 60, 4);
        TextEmbedder bagOfLetters = SyntheticShop.letterCounts();
        TrainerConfig config = small(Variant.PRECTR_V2);
        try (TrainedModel model = new PrectrTrainer(config, false)
                .train(data(shop), new TextModel(SyntheticShop.vocabulary(), null, bagOfLetters))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundleWriter.write(model, TMP.getRoot().toPath().resolve("nope"), Map.of()));
            assertEquals("[encoder] must be the distilled encoder or a frozen teacher (TeacherEmbedder) to export a"
                + " bundle, but the model was trained on the frozen embeddings of [TextModel.frozenOverride], which have"
                + " no ONNX graph", e.getMessage());
            assertFalse(Files.exists(TMP.getRoot().toPath().resolve("nope")));
        }
    }

    /**
     * V2 on frozen MiniLM embeddings (the v2_no_distilled_encoder ablation) exports the teacher's graph, the
     * teacher's vocabulary and the max lengths the embeddings were computed with (here 4 and 5 tokens, which
     * truncate the synthetic queries and titles, while the config keeps 16 and 48); the bundle's served
     * scores, windows of several items encoded in one padded batch, equal the trained model's.
     */
    @Test
    public void testFrozenTeacherModelExportsAndServesItsTrainedScores() throws Exception {
        SyntheticShop shop = SyntheticShop.write(TMP.newFolder().toPath(), 150, 3);
        TrainingData data = data(shop);
        TrainerConfig config = small(Variant.V2_NO_DISTILLED_ENCODER);
        try (TeacherEmbedder teacher = TeacherEmbedder.open(TeacherModel.ALL_MINILM_L6_V2, 4, 5, 1);
             TrainedModel model = new PrectrTrainer(config, false)
                 .train(data, new TextModel(teacher.vocabulary(), null, teacher))) {
            Path dir = TMP.getRoot().toPath().resolve("shop-teacher");
            BundleManifest manifest = BundleWriter.write(model, dir, Map.of());
            assertEquals(384, manifest.embeddingDim());
            assertEquals(4, manifest.tokenizer().queryMaxLength());
            assertEquals(5, manifest.tokenizer().itemMaxLength());
            assertEquals("frozen_teacher:minilm", manifest.training().get("text_encoder"));
            assertEquals(teacher.vocabulary().tokens(), Vocabulary.read(dir.resolve("vocab.txt")).tokens());
            assertTrue(Files.exists(dir.resolve("query_preferences.json")));

            ExampleTable table = model.current(model.exampleBuilder(data.products()).fromJudgments(data.validationJudgments()));
            ScoreColumns djl = model.score(table);
            Map<Integer, List<Integer>> rowsByQuery = new java.util.TreeMap<>();
            for (int r = 0; r < table.rows(); r++) {
                rowsByQuery.computeIfAbsent(table.queryRow()[r], q -> new java.util.ArrayList<>()).add(r);
            }
            double max = 0;
            int compared = 0;
            try (ModelBundle bundle = ModelBundle.load(dir, InferenceOptions.DEFAULT)) {
                assertEquals(manifest.tokenizer().vocabularySha256(), ModelBundle.sha256(dir.resolve("vocab.txt")));
                for (Map.Entry<Integer, List<Integer>> e : rowsByQuery.entrySet()) {
                    String query = table.queryTexts().get(e.getKey());
                    List<String> ids = e.getValue().stream().map(r -> table.itemIds().get(table.itemRow()[r])).toList();
                    var prepared = bundle.scorer().prepare(query, UserContext.anonymous());
                    var served = bundle.scorer().score(prepared, TrainerEndToEndTests.window(query, ids, data.products()));
                    for (int i = 0; i < ids.size(); i++) {
                        int r = e.getValue().get(i);
                        max = Math.max(max, Math.abs(djl.score()[r] - served.scores().score()[i]));
                        assertEquals("row " + r, djl.score()[r], served.scores().score()[i], 1e-5);
                        assertEquals("tau of row " + r, djl.tau()[r], served.scores().tau()[i], 1e-5);
                        compared++;
                    }
                }
            }
            assertTrue("windows of several items were served", compared > rowsByQuery.size());
            System.out.printf(java.util.Locale.ROOT, "frozen MiniLM bundle: served vs DJL max score diff %.3g over %d rows%n",
                max, compared);
        }
    }
}
