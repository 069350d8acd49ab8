package org.prectr.trainer.train;

import java.util.Map;

/**
 * One line of the training report: a stage's epoch, its mean training losses by component, the
 * validation metrics after it, and the throughput.
 *
 * @param stage 1 (RSL pretraining) or 2 (joint training on clicks)
 * @param epoch 1-based epoch within the stage
 * @param losses mean loss per component over the epoch's batches ("total" included)
 * @param validation metric name to value (NaN when the data for it is missing)
 * @param rows training rows seen
 * @param seconds wall time of the epoch's training steps
 */
public record EpochRecord(int stage, int epoch, Map<String, Double> losses, Map<String, Double> validation, int rows,
                          double seconds) {

    public EpochRecord {
        losses = Map.copyOf(losses);
        validation = Map.copyOf(validation);
    }

    /** @return training rows per second */
    public double rowsPerSecond() {
        return seconds > 0 ? rows / seconds : Double.NaN;
    }
}
