package org.prectr.trainer.model;

import ai.djl.ndarray.NDArray;
import org.prectr.onnx.OnnxGraphBuilder;

/**
 * A fully connected layer y = x W + b with W of shape [in, out]: the one building block of every
 * tower, so the exporter writes it once (MatMul then Add) in the same order as {@link #forward}.
 *
 * @param name prefix of the parameter names ({@code <name>.weight}, {@code <name>.bias})
 * @param weight [in, out]
 * @param bias [out]
 */
public record Dense(String name, NDArray weight, NDArray bias) {

    /**
     * Creates a layer with Glorot weights and a constant bias.
     *
     * @param store where the parameters are registered
     * @param name parameter name prefix
     * @param in input width
     * @param out output width
     * @param initialBias initial value of every bias entry
     * @return the layer
     */
    public static Dense create(ParameterStore store, String name, int in, int out, float initialBias) {
        return new Dense(name, store.glorot(name + ".weight", in, out), store.constant(name + ".bias", out, initialBias));
    }

    /** @return the input width */
    public int in() {
        return (int) weight.getShape().get(0);
    }

    /** @return the output width */
    public int out() {
        return (int) weight.getShape().get(1);
    }

    /**
     * @param x [B, in]
     * @return x W + b, [B, out]
     */
    public NDArray forward(NDArray x) {
        return x.matMul(weight).add(bias);
    }

    /**
     * The same layer as ONNX: MatMul then Add, with the current weights as initializers.
     *
     * @param graph the graph being written
     * @param x the input value [B, in]
     * @return the output value [B, out]
     */
    public String export(OnnxGraphBuilder graph, String x) {
        String w = graph.initializer(name + ".weight", weight.toFloatArray(), in(), out());
        String b = graph.initializer(name + ".bias", bias.toFloatArray(), out());
        return graph.ops().linear(x, w, b);
    }
}
