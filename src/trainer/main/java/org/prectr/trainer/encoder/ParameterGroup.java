package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of trainable arrays with its own Adam optimiser and learning rate: stage 0 trains the
 * encoder and its heads at different rates, and the fusion trainer fine-tunes the encoder end to end at
 * a lower rate than its towers (PRECTR.md: 1e-4 versus 1e-3).
 *
 * <p>Also snapshots and restores the values, for early stopping on a validation metric.
 */
public final class ParameterGroup {

    private final String name;
    private final Map<String, NDArray> parameters;
    private final Optimizer optimizer;

    /**
     * @param name a prefix for the optimiser's state keys (groups must have distinct names)
     * @param parameters the arrays, by name (they must require gradients)
     * @param learningRate Adam's learning rate, > 0
     */
    public ParameterGroup(String name, Map<String, NDArray> parameters, float learningRate) {
        this(name, parameters, fixed(name, learningRate));
    }

    /**
     * @param name a prefix for the optimiser's state keys (groups must have distinct names)
     * @param parameters the arrays, by name (they must require gradients)
     * @param learningRate Adam's learning rate by update number (a warm-up or decay schedule)
     */
    public ParameterGroup(String name, Map<String, NDArray> parameters, Tracker learningRate) {
        this.name = name;
        this.parameters = new LinkedHashMap<>(parameters);
        this.optimizer = Adam.builder().optLearningRateTracker(learningRate).build();
    }

    private static Tracker fixed(String name, float learningRate) {
        if (!(learningRate > 0f)) {
            throw new IllegalArgumentException("[learning_rate] of [" + name + "] must be > 0 but was [" + learningRate + "]");
        }
        return Tracker.fixed(learningRate);
    }

    /**
     * Applies one Adam update from the gradients of the last backward pass, then zeroes them
     * (PyTorch accumulates gradients across backward calls).
     */
    public void step() {
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray parameter = entry.getValue();
            try (NDArray gradient = parameter.getGradient()) {
                optimizer.update(name + "/" + entry.getKey(), parameter, gradient);
                zero(gradient);
            }
        }
    }

    /**
     * Applies one update to every group from the last backward pass after clipping the gradients' global
     * L2 norm (over all groups) to {@code maxNorm}; when that norm is not finite (an overflow somewhere
     * in the batch) no weight moves and the gradients are only zeroed, so one bad batch cannot turn the
     * weights into NaN.
     *
     * @param groups the groups trained together
     * @param maxNorm the largest global gradient norm applied, > 0
     * @return the global gradient norm before clipping (NaN or infinite when the step was skipped)
     */
    public static double clipAndStep(List<ParameterGroup> groups, float maxNorm) {
        double squares = 0;
        for (ParameterGroup group : groups) {
            for (NDArray parameter : group.parameters.values()) {
                // the intermediates are closed at once: they belong to the parameters' long-lived manager, and a
                // squared copy of every gradient per step grew stage 0 by ~0.3 GB of native memory per epoch
                try (NDArray gradient = parameter.getGradient(); NDArray square = gradient.square(); NDArray sum = square.sum()) {
                    squares += sum.getFloat();
                }
            }
        }
        double norm = Math.sqrt(squares);
        boolean finite = Double.isFinite(norm);
        float scale = finite && norm > maxNorm ? (float) (maxNorm / norm) : 1f;
        for (ParameterGroup group : groups) {
            for (Map.Entry<String, NDArray> entry : group.parameters.entrySet()) {
                NDArray parameter = entry.getValue();
                try (NDArray gradient = parameter.getGradient()) {
                    if (finite) {
                        if (scale != 1f) {
                            gradient.muli(scale);
                        }
                        group.optimizer.update(group.name + "/" + entry.getKey(), parameter, gradient);
                    }
                    zero(gradient);
                }
            }
        }
        return norm;
    }

    /** Sets every entry to 0 in place (not x - x, which leaves NaN and infinity in place). */
    private static void zero(NDArray gradient) {
        gradient.set(new NDIndex("..."), 0f);
    }

    /** @return a copy of every value, in order (see {@link #restore}) */
    public List<float[]> snapshot() {
        List<float[]> values = new ArrayList<>(parameters.size());
        for (NDArray parameter : parameters.values()) {
            values.add(parameter.toFloatArray());
        }
        return values;
    }

    /** @param snapshot values from {@link #snapshot()} of this group */
    public void restore(List<float[]> snapshot) {
        int i = 0;
        for (NDArray parameter : parameters.values()) {
            parameter.set(FloatBuffer.wrap(snapshot.get(i++)));
        }
    }
}
