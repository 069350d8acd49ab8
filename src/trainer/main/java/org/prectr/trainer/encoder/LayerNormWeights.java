package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import org.prectr.onnx.OnnxGraphBuilder;
import org.prectr.trainer.model.ParameterStore;

/**
 * LayerNorm over the last axis, y = (x - mean) / sqrt(var + eps) * gamma + beta with the biased variance:
 * what PyTorch's layer_norm and ONNX's LayerNormalization (opset 17) both compute, so DJL and the
 * exported graph agree.
 *
 * @param gamma [dim], starts at 1
 * @param beta [dim], starts at 0
 * @param epsilon added to the variance
 */
record LayerNormWeights(NDArray gamma, NDArray beta, float epsilon) {

    static LayerNormWeights create(ParameterStore store, String name, int dim, float epsilon) {
        return new LayerNormWeights(store.constant(name + ".gamma", dim, 1f), store.constant(name + ".beta", dim, 0f), epsilon);
    }

    NDArray forward(NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, epsilon).singletonOrThrow();
    }

    String export(OnnxGraphBuilder graph, OnnxWeights weights, String x) {
        return graph.node("LayerNormalization")
            .inputs(x, weights.of(gamma), weights.of(beta))
            .attr("axis", -1L)
            .attr("epsilon", epsilon)
            .output();
    }
}
