package org.prectr.trainer.encoder;

import org.prectr.trainer.teacher.TeacherModel;

import java.util.Objects;

/**
 * Every choice of stage 0 (the PRECTR-V2 distilled encoder), as a named option with a documented default.
 * The papers distil Qwen-7B into a 3-layer, ~2M-parameter encoder and then fine-tune it on relevance
 * classification (SFT); they give no losses or schedules, so these are this project's reconstruction.
 *
 * <p>Distillation runs over random batches of (query, title) pairs of the training split; SFT runs one
 * query per step (the query with all its judged titles) so that its listwise term sees whole rankings.
 *
 * @param encoder the student's shape; default {@link EncoderConfig#DEFAULTS}
 * @param teacher the distillation teacher; default bge-small (the strongest cosine ranker measured here)
 * @param seed weight initialisation, shuffling and dropout; default 42
 * @param queryMaxLength tokens per query, [CLS] and [SEP] included; default 16 (the bundle's)
 * @param itemMaxLength tokens per title; default 48 (the bundle's)
 * @param distillEpochs passes over the training pairs while distilling; default 20
 * @param distillBatchSize (query, title) pairs per distillation step; default 64
 * @param distillLearningRate peak Adam learning rate while distilling; default 1e-3
 * @param distillWarmupFraction share of the distillation steps spent in linear warm-up from 0 to the peak rate;
 *     default 0.05 (one of 20 epochs)
 * @param distillFinalLearningRate the rate at the last step, reached by cosine decay from the peak; default 1e-4.
 *     Warm-up and decay because at a constant 1e-3 the loss spiked mid-run (0.55 to 0.98, epoch 13 of 30)
 * @param maxGradientNorm the global gradient L2 norm is clipped to this in every step of both stages (a step with a
 *     non-finite norm is skipped); default 1. Added after a constant-1e-3 run spiked and a scheduled run hit NaN
 * @param embeddingWeight weight of the embedding regression to the teacher; default 1
 * @param relationalMseWeight weight of the query x title cosine-matrix MSE; default 1
 * @param relationalKlWeight weight of the per-query softmax KL over the batch's titles; default 1
 * @param relationalTemperature temperature of that softmax (cosines are divided by it); default 0.05
 * @param sftEpochs most SFT passes over the training queries; default 10
 * @param sftPatience SFT stops after this many epochs without a better validation NDCG@10; default 3
 * @param sftEncoderLearningRate Adam learning rate of the encoder during SFT; default 1e-4
 * @param sftHeadLearningRate Adam learning rate of the SFT classification head; default 1e-3
 * @param sftHeadHidden hidden width of the classification head over [e_q, e_t, e_q*e_t, |e_q-e_t|]; default 64
 * @param sftListwiseWeight weight of the listwise term (softmax of cos / T against the ESCI gains); default 1
 * @param sftDistillWeight weight of the distillation loss kept during SFT as a regulariser; default 1
 * @param progress draw progress bars (rate and ETA) on stderr; default true
 */
public record Stage0Config(
    EncoderConfig encoder,
    TeacherModel teacher,
    long seed,
    int queryMaxLength,
    int itemMaxLength,
    int distillEpochs,
    int distillBatchSize,
    float distillLearningRate,
    float distillWarmupFraction,
    float distillFinalLearningRate,
    float maxGradientNorm,
    float embeddingWeight,
    float relationalMseWeight,
    float relationalKlWeight,
    float relationalTemperature,
    int sftEpochs,
    int sftPatience,
    float sftEncoderLearningRate,
    float sftHeadLearningRate,
    int sftHeadHidden,
    float sftListwiseWeight,
    float sftDistillWeight,
    boolean progress
) {

    /** The documented defaults. */
    public static final Stage0Config DEFAULTS = new Stage0Config(EncoderConfig.DEFAULTS, TeacherModel.BGE_SMALL_EN_V15_Q,
        42L, 16, 48, 20, 64, 1e-3f, 0.05f, 1e-4f, 1f, 1f, 1f, 1f, 0.05f, 10, 3, 1e-4f, 1e-3f, 64, 1f, 1f, true);

    /** Checks every field; messages name the field and bracket the bad value. */
    public Stage0Config {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(teacher, "teacher");
        range("query_max_length", queryMaxLength, 2, encoder.maxPositions());
        range("item_max_length", itemMaxLength, 2, encoder.maxPositions());
        range("distill_epochs", distillEpochs, 0, 10_000);
        range("distill_batch_size", distillBatchSize, 2, 65_536);
        range("sft_epochs", sftEpochs, 0, 10_000);
        range("sft_patience", sftPatience, 1, 10_000);
        range("sft_head_hidden", sftHeadHidden, 1, 65_536);
        positive("distill_learning_rate", distillLearningRate);
        positive("distill_final_learning_rate", distillFinalLearningRate);
        positive("max_gradient_norm", maxGradientNorm);
        if (!(distillWarmupFraction >= 0f && distillWarmupFraction < 1f)) {
            throw new IllegalArgumentException("[distill_warmup_fraction] must be in [0, 1) but was [" + distillWarmupFraction + "]");
        }
        positive("sft_encoder_learning_rate", sftEncoderLearningRate);
        positive("sft_head_learning_rate", sftHeadLearningRate);
        positive("relational_temperature", relationalTemperature);
        nonNegative("embedding_weight", embeddingWeight);
        nonNegative("relational_mse_weight", relationalMseWeight);
        nonNegative("relational_kl_weight", relationalKlWeight);
        nonNegative("sft_listwise_weight", sftListwiseWeight);
        nonNegative("sft_distill_weight", sftDistillWeight);
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("[" + field + "] must be in [" + min + ", " + max + "] but was [" + value + "]");
        }
    }

    private static void positive(String field, float value) {
        if (!(value > 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("[" + field + "] must be > 0 but was [" + value + "]");
        }
    }

    private static void nonNegative(String field, float value) {
        if (!(value >= 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("[" + field + "] must be >= 0 but was [" + value + "]");
        }
    }

    /** @return a copy with another seed */
    public Stage0Config withSeed(long newSeed) {
        return new Stage0Config(encoder, teacher, newSeed, queryMaxLength, itemMaxLength, distillEpochs, distillBatchSize,
            distillLearningRate, distillWarmupFraction, distillFinalLearningRate, maxGradientNorm, embeddingWeight,
            relationalMseWeight, relationalKlWeight, relationalTemperature, sftEpochs,
            sftPatience, sftEncoderLearningRate, sftHeadLearningRate, sftHeadHidden, sftListwiseWeight, sftDistillWeight,
            progress);
    }

    /** @return a copy with other epoch counts and progress display (for tests and quick runs) */
    public Stage0Config withSchedule(int newDistillEpochs, int newSftEpochs, boolean newProgress) {
        return new Stage0Config(encoder, teacher, seed, queryMaxLength, itemMaxLength, newDistillEpochs, distillBatchSize,
            distillLearningRate, distillWarmupFraction, distillFinalLearningRate, maxGradientNorm, embeddingWeight,
            relationalMseWeight, relationalKlWeight, relationalTemperature, newSftEpochs,
            sftPatience, sftEncoderLearningRate, sftHeadLearningRate, sftHeadHidden, sftListwiseWeight, sftDistillWeight,
            newProgress);
    }

    /** @return a copy with another teacher */
    public Stage0Config withTeacher(TeacherModel newTeacher) {
        return new Stage0Config(encoder, newTeacher, seed, queryMaxLength, itemMaxLength, distillEpochs, distillBatchSize,
            distillLearningRate, distillWarmupFraction, distillFinalLearningRate, maxGradientNorm, embeddingWeight,
            relationalMseWeight, relationalKlWeight, relationalTemperature, sftEpochs,
            sftPatience, sftEncoderLearningRate, sftHeadLearningRate, sftHeadHidden, sftListwiseWeight, sftDistillWeight,
            progress);
    }

    /** @return a copy with another encoder shape */
    public Stage0Config withEncoder(EncoderConfig newEncoder) {
        return new Stage0Config(newEncoder, teacher, seed, queryMaxLength, itemMaxLength, distillEpochs, distillBatchSize,
            distillLearningRate, distillWarmupFraction, distillFinalLearningRate, maxGradientNorm, embeddingWeight,
            relationalMseWeight, relationalKlWeight, relationalTemperature, sftEpochs,
            sftPatience, sftEncoderLearningRate, sftHeadLearningRate, sftHeadHidden, sftListwiseWeight, sftDistillWeight,
            progress);
    }
}
