package org.prectr.trainer.train;

import org.junit.Test;
import org.prectr.trainer.model.IncentiveMode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** Options: defaults, variant switches, builder changes and the messages of bad values. */
public class TrainerConfigTests {

    @Test
    public void testVariantsSwitchOnlyTheirComponents() {
        TrainerConfig base = TrainerConfig.defaults().toBuilder().set("seed", 7L).build();
        TrainerConfig v1 = Variant.PRECTR_V1.apply(base);
        assertEquals("prectr_v1", v1.variant());
        assertEquals(7L, v1.seed());
        assertEquals(IncentiveMode.PERSONAL, v1.incentive());
        assertFalse(v1.crossUserPreference());
        assertFalse(v1.hardNegatives());
        assertFalse(v1.fineTuneEncoder());
        assertTrue(v1.stage1());

        TrainerConfig noDebias = Variant.V2_NO_DEBIAS.apply(base);
        assertFalse(noDebias.hardNegatives());
        assertEquals(base.toBuilder().set("variant", "v2_no_debias").set("hardNegatives", false).build(), noDebias);

        TrainerConfig noEncoder = Variant.V2_NO_DISTILLED_ENCODER.apply(base);
        assertEquals(base.toBuilder().set("variant", "v2_no_distilled_encoder").set("fineTuneEncoder", false).build(),
            noEncoder);
        assertFalse(Variant.V2_NO_DISTILLED_ENCODER.apply(base.toBuilder().set("fineTuneEncoder", true).build())
            .fineTuneEncoder());
        assertFalse(Variant.V2_NO_DISTILLED_ENCODER.usesDistilledEncoder());
        assertTrue(Variant.PRECTR_V2.usesDistilledEncoder());

        TrainerConfig dnn = Variant.DNN.apply(base);
        assertFalse(dnn.fusion());
        assertEquals(IncentiveMode.NONE, dnn.incentive());
        assertFalse(dnn.stage1());
        assertEquals(0, Variant.RELEVANCE.apply(base).stage2Epochs());
    }

    @Test
    public void testUnknownVariantNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Variant.fromName("v3"));
        assertEquals("[variant] must be one of [prectr_v2, prectr_v1, v2_no_cross_user, v2_no_debias, v2_no_distilled_encoder, "
            + "v2_single_stage, v2_no_consistency, dnn, relevance] but was [v3]", e.getMessage());
    }

    @Test
    public void testBadValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TrainerConfig.defaults().toBuilder().set("pairDropShare", 1.0).build());
        assertEquals("[pair_drop_share] must be in [0, 1) but was [1.0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.defaults().toBuilder().set("batchSize", 0).build());
        assertEquals("[batch_size] must be at least [1] but was [0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.defaults().toBuilder().set("nope", 1));
        assertEquals("[option] must be a trainer option but was [nope]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> TrainerConfig.defaults().toBuilder().set("firstPhaseCandidates", "graded").build());
        assertEquals("[first_phase_candidates] must be one of [catalogue, judged] but was [graded]", e.getMessage());
        assertFalse(TrainerConfig.defaults().judgedCandidates());
        assertTrue(TrainerConfig.defaults().toBuilder().set("firstPhaseCandidates", "judged").build().judgedCandidates());
    }

    @Test
    public void testMetricsOnHandComputedCases() {
        // AUC: positives at 0.9 and 0.4, negatives at 0.5 and 0.1 -> 3 of 4 pairs ordered
        assertEquals(0.75, Metrics.auc(new float[] {0.9f, 0.5f, 0.4f, 0.1f}, new float[] {1, 0, 1, 0}), 1e-12);
        // NDCG@10 of one window ranked exact, irrelevant, substitute: (1 + 0.1 / log2(4)) / (1 + 0.1 / log2(3))
        double expected = (1 + 0.1 / 2) / (1 + 0.1 / (Math.log(3) / Math.log(2)));
        assertEquals(expected, Metrics.ndcg(new float[] {3, 2, 1}, new int[] {3, 0, 2}, new int[] {0, 0, 0}, 10), 1e-12);
    }
}
