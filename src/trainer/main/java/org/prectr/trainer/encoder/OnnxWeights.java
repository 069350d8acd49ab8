package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import org.prectr.onnx.OnnxGraphBuilder;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes each trained tensor into the graph once, as an initializer named after its parameter, and
 * hands out the value name: the export then refers to the very arrays forward() used.
 */
final class OnnxWeights {

    private final OnnxGraphBuilder graph;
    private final Map<NDArray, String> names;
    private final Map<NDArray, String> written = new IdentityHashMap<>();

    /**
     * @param graph the graph being written
     * @param names parameter name of every trainable array (identity keyed)
     */
    OnnxWeights(OnnxGraphBuilder graph, Map<NDArray, String> names) {
        this.graph = graph;
        this.names = names;
    }

    /** @return the initializer holding {@code parameter}'s current values */
    String of(NDArray parameter) {
        return written.computeIfAbsent(parameter, p -> {
            String name = names.get(p);
            if (name == null) {
                throw new IllegalArgumentException("array of shape [" + p.getShape() + "] is not a parameter of the encoder");
            }
            return graph.initializer(name, p.toFloatArray(), p.getShape().getShape());
        });
    }
}
