package org.prectr.trainer.train;

import ai.djl.ndarray.NDManager;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.data.Judgments;
import org.prectr.trainer.data.ProductReader;
import org.prectr.trainer.data.UbiLogReader;
import org.prectr.trainer.encoder.DistilledEncoder;
import org.prectr.trainer.export.BundleWriter;
import org.prectr.trainer.fixture.SyntheticShop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

/** The V1 and DNN variants train, export and serve; a model on frozen non-encoder embeddings refuses to export. */
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
    public void testV1AndDnnBundlesServeTheirTrainedScores() throws Exception {
        SyntheticShop shop = SyntheticShop.write(TMP.newFolder().toPath(), 150, 3);
        TrainingData data = data(shop);
        for (Variant variant : List.of(Variant.PRECTR_V1, Variant.DNN)) {
            try (NDManager manager = NDManager.newBaseManager();
                 DistilledEncoder encoder = SyntheticShop.encoder(manager, 5);
                 TrainedModel model = new PrectrTrainer(small(variant), false)
                     .train(data, new TextModel(SyntheticShop.vocabulary(), encoder, null))) {
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
        TextEmbedder bagOfLetters = new TextEmbedder() {
            @Override
            public float[] embed(List<String> texts, boolean queries) {
                float[] out = new float[texts.size() * 4];
                for (int i = 0; i < texts.size(); i++) {
                    for (char c : texts.get(i).toCharArray()) {
                        out[i * 4 + c % 4] += 1f;
                    }
                }
                return out;
            }

            @Override
            public int dim() {
                return 4;
            }
        };
        TrainerConfig config = small(Variant.PRECTR_V2);
        try (TrainedModel model = new PrectrTrainer(config, false)
                .train(data(shop), new TextModel(SyntheticShop.vocabulary(), null, bagOfLetters))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundleWriter.write(model, TMP.getRoot().toPath().resolve("nope"), Map.of()));
            assertEquals("[encoder] must be the distilled encoder to export a bundle, but the model was trained on"
                + " the frozen embeddings of [TextModel.frozenOverride]", e.getMessage());
        }
    }
}
