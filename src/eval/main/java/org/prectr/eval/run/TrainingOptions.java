package org.prectr.eval.run;

import java.nio.file.Path;

/**
 * How the learned models are trained for a run.
 *
 * @param encoder       stage-0 encoder weights to reuse (encoder.weights); null runs stage 0 once per run
 * @param stage0Epochs  distillation and SFT epochs of stage 0 (null: the trainer's defaults)
 * @param stage1Epochs  stage-1 epochs (null: the trainer's default)
 * @param stage2Epochs  stage-2 epochs (null: the trainer's default)
 * @param reuse         reuse a bundle already under OUT/models with the same name instead of training it again
 */
public record TrainingOptions(Path encoder, int[] stage0Epochs, Integer stage1Epochs, Integer stage2Epochs, boolean reuse) {

    public static TrainingOptions defaults() {
        return new TrainingOptions(null, null, null, null, false);
    }
}
