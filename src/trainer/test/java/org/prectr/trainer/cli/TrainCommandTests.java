package org.prectr.trainer.cli;

import org.junit.Test;
import org.prectr.trainer.teacher.TeacherModel;
import org.prectr.trainer.train.TrainerConfig;
import picocli.CommandLine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The {@code train} flags reach the {@link TrainerConfig}; left-out flags keep the variant's values. */
public class TrainCommandTests {

    private static final String[] REQUIRED = {"--products", "p.zip", "--judgments", "j.json", "--ubi-logs", "u.ndjson",
        "--out", "out"};

    private static TrainerConfig parse(String... flags) {
        return command(flags).config();
    }

    private static TrainCommand command(String... flags) {
        TrainCommand command = new TrainCommand();
        String[] args = new String[REQUIRED.length + flags.length];
        System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
        System.arraycopy(flags, 0, args, REQUIRED.length, flags.length);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    public void testNoDistilledEncoderVariantTrainsOnAFrozenTeacher() {
        assertNull(command().frozenTeacher());
        assertNull(command("--variant", "prectr_v1", "--encoder", "e.weights").frozenTeacher());
        assertEquals(TeacherModel.ALL_MINILM_L6_V2, command("--variant", "v2_no_distilled_encoder").frozenTeacher());
        assertEquals(TeacherModel.BGE_SMALL_EN_V15_Q,
            command("--variant", "v2_no_distilled_encoder", "--frozen-teacher", "bge-small").frozenTeacher());
        assertEquals(TeacherModel.ALL_MINILM_L6_V2_Q, command("--frozen-teacher", "minilm-q").frozenTeacher());
        assertFalse(parse("--variant", "v2_no_distilled_encoder").fineTuneEncoder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> command("--variant", "v2_no_distilled_encoder", "--frozen-teacher", "bert").frozenTeacher());
        assertEquals("[teacher] must be one of [bge-small, minilm, minilm-q] but was [bert]", e.getMessage());
    }

    @Test
    public void testConsistencyWeightsAndNoiseReachTheConfig() {
        TrainerConfig c = parse("--consistency-ce-weight", "1.5", "--no-consistency-kl", "--consistency-kl-weight", "3",
            "--noise-sigma", "2.5", "--seed", "7");
        assertEquals(1.5f, c.consistencyCeWeight(), 0f);
        assertFalse(c.consistencyKl());
        assertEquals(3f, c.consistencyKlWeight(), 0f);
        assertEquals(2.5f, c.noiseSigma(), 0f);
        assertEquals(7L, c.seed());
    }

    @Test
    public void testLeftOutFlagsKeepTheDefaults() {
        TrainerConfig defaults = TrainerConfig.defaults();
        TrainerConfig c = parse();
        assertEquals(defaults.consistencyCeWeight(), c.consistencyCeWeight(), 0f);
        assertEquals(defaults.consistencyKlWeight(), c.consistencyKlWeight(), 0f);
        assertTrue(c.consistencyKl());
        assertFalse(c.fineTuneEncoder());
        assertEquals(4f, c.noiseSigma(), 0f);
        assertEquals(defaults, c);
    }

    @Test
    public void testNegativeWeightIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> parse("--consistency-kl-weight", "-1"));
        assertEquals("[consistency_kl_weight] must be >= 0 but was [-1.0]", e.getMessage());
    }

    @Test
    public void testFlagsBecomeOneTypedRequest() {
        org.prectr.trainer.pipeline.TrainingRequest r = command("--ubi-logs", "a.ndjson,b.ndjson", "--validation-judgments", "v.json",
            "--encoder", "e.weights", "--stage2-epochs", "3").request();
        assertEquals(java.nio.file.Path.of("p.zip"), r.products());
        assertEquals(java.nio.file.Path.of("j.json"), r.judgments());
        assertEquals(java.nio.file.Path.of("v.json"), r.validationJudgments());
        // the flag repeats: REQUIRED's u.ndjson, then the comma-separated pair
        assertEquals(java.util.List.of(java.nio.file.Path.of("u.ndjson"), java.nio.file.Path.of("a.ndjson"),
            java.nio.file.Path.of("b.ndjson")), r.ubiLogs());
        assertEquals(java.nio.file.Path.of("e.weights"), r.encoder());
        assertNull(r.frozenTeacher());
        assertEquals(java.nio.file.Path.of("out"), r.out());
        assertEquals(3, r.config().stage2Epochs());
        assertEquals(TeacherModel.ALL_MINILM_L6_V2, command("--variant", "v2_no_distilled_encoder").request().frozenTeacher());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> command("--frozen-teacher", "minilm", "--fine-tune-encoder").request());
        assertEquals("[fine_tune_encoder] cannot be used with the frozen teacher [minilm]: its embeddings are not trained",
            e.getMessage());
    }
}
