package org.prectr.trainer.train;

import ai.djl.ndarray.NDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Early stopping by validation: keeps a copy of the weights of the epoch with the best value of one
 * validation metric and puts them back at the end of the stage. With 80 training queries both the
 * RSL head and the click model start to overfit after a few epochs (PRECTR.md: "stop on validation"),
 * so the bundle carries the selected epoch, not the last one.
 */
final class BestEpoch {

    private final String metric;
    private final List<Map<String, NDArray>> parameterSets;
    private Map<String, float[]> best;
    private double bestValue = Double.NEGATIVE_INFINITY;
    private int bestEpoch;

    /**
     * @param metric the validation metric to maximise
     * @param parameterSets the weights to copy and restore (scorer, and the encoder when it trains)
     */
    BestEpoch(String metric, List<Map<String, NDArray>> parameterSets) {
        this.metric = metric;
        this.parameterSets = List.copyOf(parameterSets);
    }

    /** Copies the weights if this epoch is the best so far (a missing or NaN metric never is). */
    void offer(EpochRecord record) {
        Double value = record.validation().get(metric);
        if (value == null || value.isNaN() || value <= bestValue) {
            return;
        }
        bestValue = value;
        bestEpoch = record.epoch();
        best = new LinkedHashMap<>();
        for (int s = 0; s < parameterSets.size(); s++) {
            for (Map.Entry<String, NDArray> p : parameterSets.get(s).entrySet()) {
                best.put(s + "/" + p.getKey(), p.getValue().toFloatArray());
            }
        }
    }

    /** @return the selected epoch (1-based), or 0 when no epoch had the metric (weights left as they are) */
    int restore() {
        if (best == null) {
            return 0;
        }
        for (int s = 0; s < parameterSets.size(); s++) {
            for (Map.Entry<String, NDArray> p : parameterSets.get(s).entrySet()) {
                p.getValue().set(best.get(s + "/" + p.getKey()));
            }
        }
        return bestEpoch;
    }

    /** @return the metric's name */
    String metric() {
        return metric;
    }
}
