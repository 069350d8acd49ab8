package org.prectr.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable tensors of a model, by name, in creation order. Parameters are created by the layers
 * (manual-parameter style, so that forward() and the ONNX export see exactly the same tensors) and
 * initialised from a seeded Java random source, so the same seed gives the same initial weights on
 * every machine whatever the engine's own random state.
 */
public final class ParameterStore {

    private final NDManager manager;
    private final SplittableRandom random;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    /**
     * @param manager owns the parameter tensors (closing it frees them)
     * @param seed initialisation seed
     */
    public ParameterStore(NDManager manager, long seed) {
        this.manager = manager;
        this.random = new SplittableRandom(seed);
    }

    /**
     * A weight matrix [in, out] with Glorot-uniform values (keeps activations' scale through ReLU MLPs).
     *
     * @param name unique parameter name
     * @param in rows
     * @param out columns
     * @return the new trainable tensor
     */
    public NDArray glorot(String name, int in, int out) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[] values = new float[in * out];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return register(name, values, new Shape(in, out));
    }

    /**
     * A constant-filled vector (biases start at 0; a bias may start elsewhere to set a prior).
     *
     * @param name unique parameter name
     * @param size length
     * @param value initial value of every entry
     * @return the new trainable tensor
     */
    public NDArray constant(String name, int size, float value) {
        float[] values = new float[size];
        java.util.Arrays.fill(values, value);
        return register(name, values, new Shape(size));
    }

    private NDArray register(String name, float[] values, Shape shape) {
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("[parameter] names must be unique but [" + name + "] was repeated");
        }
        NDArray array = manager.create(values, shape);
        array.setRequiresGradient(true);
        parameters.put(name, array);
        return array;
    }

    /** @return the parameters by name, in creation order (read-only view) */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** @return the manager that owns the parameters */
    public NDManager manager() {
        return manager;
    }

    /** @return the total number of scalar weights */
    public long size() {
        long n = 0;
        for (NDArray p : parameters.values()) {
            n += p.size();
        }
        return n;
    }
}
