package org.prectr.trainer.train;

import ai.djl.ndarray.NDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A weighted sum of named loss terms for one batch, which also adds each term's (unweighted) value to the
 * epoch's running sums under its name: the losses of {@link EpochRecord} are their means over batches.
 */
final class LossSum {
    private final Map<String, Double> sums;
    private NDArray total;

    /** @param sums the epoch's running sums, by term name (written to) */
    LossSum(Map<String, Double> sums) {
        this.sums = sums;
    }

    /**
     * Adds {@code weight * term} (the first term is taken as is: it has weight 1).
     *
     * @param name the term's name in the sums
     * @param term a scalar loss
     * @param weight its weight
     * @return this
     */
    LossSum add(String name, NDArray term, float weight) {
        add(sums, name, term.getFloat());
        total = total == null ? term : total.add(term.mul(weight));
        return this;
    }

    /** @see #add(String, NDArray, float) */
    LossSum add(Stage2Term name, NDArray term, TrainerConfig config) {
        return add(name.key(), term, name.weight(config));
    }

    /** @return the weighted sum so far */
    NDArray total() {
        return total;
    }

    /**
     * Records the total under "total", refusing a non-finite one: a diverged run stops at once, naming
     * where, instead of training on NaN.
     *
     * @return the total
     */
    NDArray checkedTotal(int stage, int epoch, int batch) {
        float loss = total.getFloat();
        if (!Float.isFinite(loss)) {
            throw new IllegalStateException("[loss] must be finite but was [" + loss + "] at stage [" + stage + "] epoch ["
                + epoch + "] batch [" + batch + "] (sums so far " + sums + ")");
        }
        add(sums, "total", loss);
        return total;
    }

    static void add(Map<String, Double> sums, String key, double value) {
        sums.merge(key, value, Double::sum);
    }

    /** @return each sum divided by the number of batches, with the skipped steps' count when there were any */
    static Map<String, Double> means(Map<String, Double> sums, int batches, int skipped) {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((key, v) -> out.put(key, v / Math.max(1, batches)));
        if (skipped > 0) {
            out.put("skipped_steps", (double) skipped);
        }
        return out;
    }
}
