package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import org.prectr.trainer.optim.GradientStep;

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

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final String name;
    private final Map<String, NDArray> parameters;
    private final Tracker learningRate;
    /** Adam's first and second moments per parameter, created at its first update in the weight's manager. */
    private final Map<String, NDArray[]> moments = new java.util.HashMap<>();
    private int updates;

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
        this.learningRate = learningRate;
    }

    /**
     * One Adam step (Kingma and Ba, bias-corrected) written with this class's own arrays: every temporary
     * is moved into a scratch manager closed at once. DJL's {@code Adam} left four arrays per step in the
     * weights' manager, which grew stage 0 by the token table's size on every step.
     */
    private void adam(String key, NDArray weight, NDArray gradient, int step) {
        NDArray[] m = moments.computeIfAbsent(key, k -> new NDArray[] {weight.zerosLike(), weight.zerosLike()});
        float rate = learningRate.getNewValue(step);
        float corrected = (float) (rate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step)));
        try (NDManager scratch = weight.getManager().newSubManager()) {
            NDArray first = gradient.mul(1 - BETA1);
            first.attach(scratch);
            m[0].muli(BETA1).addi(first);
            NDArray second = gradient.square();
            second.attach(scratch);
            second.muli(1 - BETA2);
            m[1].muli(BETA2).addi(second);
            NDArray denominator = m[1].sqrt();
            denominator.attach(scratch);
            denominator.addi(EPSILON);
            NDArray update = m[0].div(denominator);
            update.attach(scratch);
            update.muli(corrected);
            weight.subi(update);
        }
    }

    private static Tracker fixed(String name, float learningRate) {
        if (!(learningRate > 0f)) {
            throw new IllegalArgumentException("[learning_rate] of [" + name + "] must be > 0 but was [" + learningRate + "]");
        }
        return Tracker.fixed(learningRate);
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
                // the square and the sum would belong to the parameter's long-lived manager: close them now
                // (left open they leaked 8 MB per step for the token table alone, 1 GB every 20 s of stage 0)
                try (NDArray gradient = parameter.getGradient(); NDArray square = gradient.square(); NDArray sum = square.sum()) {
                    squares += sum.getFloat();
                }
            }
        }
        double norm = Math.sqrt(squares);
        boolean finite = Double.isFinite(norm);
        float scale = finite && norm > maxNorm ? (float) (maxNorm / norm) : 1f;
        for (ParameterGroup group : groups) {
            if (finite) {
                group.updates++;
            }
            for (Map.Entry<String, NDArray> entry : group.parameters.entrySet()) {
                NDArray parameter = entry.getValue();
                try (NDArray gradient = parameter.getGradient()) {
                    if (finite) {
                        if (scale != 1f) {
                            gradient.muli(scale);
                        }
                        group.adam(entry.getKey(), parameter, gradient, group.updates);
                    }
                    GradientStep.zero(gradient, finite);
                }
            }
        }
        return norm;
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
