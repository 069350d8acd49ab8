package org.prectr.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.optimizer.Optimizer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one home of an optimiser step's gradient policy, for stage 0 ({@code encoder.ParameterGroup}) and
 * stages 1-2 ({@code train.PrectrTrainer}): a step whose gradients are not all finite moves no weight, and
 * after every step, taken or skipped, each gradient is zeroed in place (PyTorch accumulates gradients
 * across backward calls). Every temporary array of the checks is closed at once: left open they belong to
 * the parameters' long-lived manager and leak.
 *
 * <p>DJL's own {@code GradientCollector.zeroGradients()} walks every array of the engine and leaked two
 * gradient handles per call, which made steps slower over time; this touches only the given tensors.
 */
public final class GradientStep {

    private GradientStep() {}

    /**
     * @param gradients the gradients of one step
     * @return whether no entry of any gradient is NaN or infinite
     */
    public static boolean allFinite(Collection<NDArray> gradients) {
        boolean finite = true;
        for (NDArray grad : gradients) {
            try (NDArray nan = grad.isNaN(); NDArray anyNan = nan.any(); NDArray inf = grad.isInfinite();
                 NDArray anyInf = inf.any()) {
                finite &= !anyNan.getBoolean() && !anyInf.getBoolean();
            }
        }
        return finite;
    }

    /**
     * Sets every entry to +0 in place: a finite gradient as {@code g - g}; a non-finite one is overwritten
     * through an index, because {@code NaN - NaN} is NaN. ({@code g * 0} would leave -0 where g was
     * negative; stages 1-2 were tuned with {@code g - g}, and a run zeroing with {@code g * 0} took a
     * different path: one skipped step and different validation metrics after one epoch.)
     *
     * @param gradient the gradient
     * @param finite whether it is known to be finite
     */
    public static void zero(NDArray gradient, boolean finite) {
        if (finite) {
            gradient.subi(gradient);
        } else {
            gradient.set(new NDIndex("..."), 0f);
        }
    }

    /**
     * One step of a DJL optimiser over the parameters whose names start with {@code prefix} (the others
     * keep their values and their optimiser state), skipped when any gradient is not finite; then every
     * gradient is zeroed.
     *
     * @param optimizer the optimiser (its state is keyed by the parameters' names)
     * @param parameters the parameters by name, all with gradients
     * @param prefix the names stepped ("" for all)
     * @return whether the step was taken (false: a non-finite gradient, nothing moved)
     */
    public static boolean step(Optimizer optimizer, Map<String, NDArray> parameters, String prefix) {
        return step(optimizer, parameters, name -> name.startsWith(prefix));
    }

    /**
     * One step of a DJL optimiser over the parameters whose names pass {@code stepped} (the others keep their
     * values and their optimiser state, and their gradients are zeroed too), skipped when any gradient is not finite.
     *
     * @param optimizer the optimiser (its state is keyed by the parameters' names)
     * @param parameters the parameters by name, all with gradients
     * @param stepped which names move
     * @return whether the step was taken (false: a non-finite gradient, nothing moved)
     */
    public static boolean step(Optimizer optimizer, Map<String, NDArray> parameters, java.util.function.Predicate<String> stepped) {
        List<NDArray> grads = new ArrayList<>(parameters.size());
        for (NDArray p : parameters.values()) {
            grads.add(p.getGradient());
        }
        boolean finite = allFinite(grads);
        int i = 0;
        for (Map.Entry<String, NDArray> p : parameters.entrySet()) {
            try (NDArray grad = grads.get(i++)) {
                if (finite && stepped.test(p.getKey())) {
                    optimizer.update(p.getKey(), p.getValue(), grad);
                }
                zero(grad, finite);
            }
        }
        return finite;
    }
}
