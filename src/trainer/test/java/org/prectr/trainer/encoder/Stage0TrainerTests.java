package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDManager;
import org.junit.BeforeClass;
import org.junit.Test;

import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class Stage0TrainerTests {

    private static Stage0Fixture fixture;

    @BeforeClass
    public static void loadFixture() throws Exception {
        fixture = Stage0Fixture.load(3, 1);
    }

    @Test
    public void fewDistillationStepsLowerTheLoss() {
        Stage0Config config = Stage0Fixture.config(4, 0);
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config.encoder(), config.seed())) {
            Stage0Report report = new Stage0Trainer(config, fixture.tokenizer())
                .train(encoder, fixture.data(), fixture.teacherVectors(), Map.of());
            List<Stage0Report.EpochLog> epochs = report.epochs();
            assertEquals(4, epochs.size());
            Stage0Report.EpochLog first = epochs.get(0);
            Stage0Report.EpochLog last = epochs.get(3);
            assertTrue("loss " + first.loss() + " -> " + last.loss(), last.loss() < 0.9 * first.loss());
            // not the cosine-matrix MSE: an untrained encoder maps every text to nearly the same vector
            // (all cosines near 1); the first steps spread them out and the MSE may rise before it falls
            for (String term : List.of("embedding", "relational_kl")) {
                assertTrue(term + " " + first.terms().get(term) + " -> " + last.terms().get(term),
                    last.terms().get(term) < first.terms().get(term));
            }
        }
    }

    @Test
    public void trainingLeavesTheEncoderAtTheSelectedEpoch() {
        Stage0Config config = Stage0Fixture.config(2, 2);
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config.encoder(), config.seed())) {
            Stage0Trainer trainer = new Stage0Trainer(config, fixture.tokenizer());
            Stage0Report report = trainer.train(encoder, fixture.data(), fixture.teacherVectors(), Map.of("minilm", 0.5));
            assertEquals(4, report.epochs().size());
            assertEquals("distill", report.epochs().get(1).stage());
            assertEquals("sft", report.epochs().get(2).stage());
            double best = report.epochs().stream().mapToDouble(Stage0Report.EpochLog::validationNdcg).max().orElseThrow();
            assertEquals(Math.max(best, report.distilledNdcg()), report.sftNdcg(), 1e-12);
            // the weights left in the encoder are the selected ones: re-measuring gives the reported value
            assertEquals(report.sftNdcg(), trainer.validationNdcg(encoder, fixture.data().validation()), 1e-6);
            assertTrue(report.toMarkdown().contains("| teacher minilm | 0.5000 |"));
        }
    }

    @Test
    public void sameSeedSameReport() {
        Stage0Config config = Stage0Fixture.config(1, 1);
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            try (NDManager manager = NDManager.newBaseManager();
                 DistilledEncoder encoder = DistilledEncoder.create(manager, config.encoder(), config.seed())) {
                Stage0Report report = new Stage0Trainer(config, fixture.tokenizer())
                    .train(encoder, fixture.data(), fixture.teacherVectors(), Map.of());
                losses[run] = report.epochs().get(1).loss();
            }
        }
        assertEquals(losses[0], losses[1], 1e-5);
    }

    @Test
    public void vocabularyMismatchIsRejected() {
        Stage0Config config = Stage0Fixture.config(1, 1).withEncoder(new EncoderConfig(100, 8, 16, 1, 2, 16, 64, 0f, 1e-5f, true));
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
            () -> new Stage0Trainer(config, fixture.tokenizer()));
        assertEquals("[vocabulary_size] of the encoder is [100] but the tokenizer's vocabulary has [30522] tokens", e.getMessage());
    }
}
