package org.prectr.trainer.model;

import ai.djl.ndarray.NDArray;
import org.prectr.onnx.OnnxGraphBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link Dense} layers with ReLU between them and no activation after the last one
 * (the caller applies softmax, sigmoid or softplus as its head needs).
 *
 * @param layers the layers, input first
 */
public record Mlp(List<Dense> layers) {

    public Mlp {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("[layers] must not be empty");
        }
        layers = List.copyOf(layers);
    }

    /**
     * @param store where the parameters are registered
     * @param name parameter name prefix ({@code <name>.0}, {@code <name>.1}, ...)
     * @param in input width
     * @param hidden hidden widths (may be empty: then a single linear layer)
     * @param out output width
     * @return the MLP
     */
    public static Mlp create(ParameterStore store, String name, int in, List<Integer> hidden, int out) {
        List<Dense> layers = new ArrayList<>();
        int width = in;
        for (int i = 0; i < hidden.size(); i++) {
            layers.add(Dense.create(store, name + "." + i, width, hidden.get(i), 0f));
            width = hidden.get(i);
        }
        layers.add(Dense.create(store, name + "." + hidden.size(), width, out, 0f));
        return new Mlp(layers);
    }

    /**
     * @param x [B, in]
     * @return [B, out], before any output activation
     */
    public NDArray forward(NDArray x) {
        NDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            if (i < layers.size() - 1) {
                h = h.maximum(0f);
            }
        }
        return h;
    }

    /**
     * The same stack as ONNX, in the order of {@link #forward}.
     *
     * @param graph the graph being written
     * @param x the input value [B, in]
     * @return the output value [B, out]
     */
    public String export(OnnxGraphBuilder graph, String x) {
        String h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).export(graph, h);
            if (i < layers.size() - 1) {
                h = graph.ops().relu(h);
            }
        }
        return h;
    }
}
