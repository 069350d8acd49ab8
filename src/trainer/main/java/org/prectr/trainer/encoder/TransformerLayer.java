package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;
import org.prectr.onnx.OnnxGraphBuilder;
import org.prectr.trainer.model.Dense;
import org.prectr.trainer.model.ParameterStore;

/**
 * One pre-LayerNorm transformer layer: x + Attn(LN(x)), then x + FFN(LN(x)) with a ReLU FFN.
 *
 * <p>Pre-LN because the encoder is trained from scratch on little data with a plain Adam schedule:
 * pre-LN trains stably without learning-rate warm-up (Xiong et al. 2020), post-LN often does not.
 * {@link #forward} and {@link #export} are written side by side, op for op, so the DJL model and the
 * ONNX graph compute the same thing (a parity test holds them to 1e-5).
 */
record TransformerLayer(
    LayerNormWeights attentionNorm,
    Dense query,
    Dense key,
    Dense value,
    Dense attentionOutput,
    LayerNormWeights ffnNorm,
    Dense ffnIn,
    Dense ffnOut,
    int heads,
    float dropout
) {

    static TransformerLayer create(ParameterStore store, String name, EncoderConfig config) {
        int d = config.dim();
        float eps = config.layerNormEpsilon();
        return new TransformerLayer(
            LayerNormWeights.create(store, name + ".attention_norm", d, eps),
            Dense.create(store, name + ".query", d, d, 0f),
            Dense.create(store, name + ".key", d, d, 0f),
            Dense.create(store, name + ".value", d, d, 0f),
            Dense.create(store, name + ".attention_output", d, d, 0f),
            LayerNormWeights.create(store, name + ".ffn_norm", d, eps),
            Dense.create(store, name + ".ffn_in", d, config.ffnDim(), 0f),
            Dense.create(store, name + ".ffn_out", config.ffnDim(), d, 0f),
            config.heads(),
            config.dropout());
    }

    /**
     * @param x [B, L, d]
     * @param attentionBias [B, 1, 1, L]: 0 on tokens, -1e9 on padding
     * @param training applies dropout when true
     * @return [B, L, d]
     */
    NDArray forward(NDArray x, NDArray attentionBias, boolean training) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int d = query.in();
        int headDim = d / heads;
        NDArray h = attentionNorm.forward(x);
        NDArray q = query.forward(h).reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
        NDArray kT = key.forward(h).reshape(batch, length, heads, headDim).transpose(0, 2, 3, 1);
        NDArray v = value.forward(h).reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
        NDArray weights = q.matMul(kT).mul(scale(headDim)).add(attentionBias).softmax(-1);
        NDArray context = weights.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, d);
        x = x.add(dropout(attentionOutput.forward(context), training));
        NDArray f = ffnOut.forward(ffnIn.forward(ffnNorm.forward(x)).maximum(0f));
        return x.add(dropout(f, training));
    }

    /** The same computation as {@link #forward} with {@code training = false}; returns the output value name. */
    String export(OnnxGraphBuilder graph, OnnxWeights weights, String x, String attentionBias) {
        int d = query.in();
        int headDim = d / heads;
        String splitHeads = graph.longs(0, 0, heads, headDim);
        String h = attentionNorm.export(graph, weights, x);
        String q = transpose(graph, reshape(graph, dense(graph, weights, query, h), splitHeads), 0, 2, 1, 3);
        String kT = transpose(graph, reshape(graph, dense(graph, weights, key, h), splitHeads), 0, 2, 3, 1);
        String v = transpose(graph, reshape(graph, dense(graph, weights, value, h), splitHeads), 0, 2, 1, 3);
        String scores = graph.node("MatMul").inputs(q, kT).output();
        scores = graph.node("Mul").inputs(scores, graph.scalar(scale(headDim))).output();
        scores = graph.node("Add").inputs(scores, attentionBias).output();
        String attention = graph.node("Softmax").inputs(scores).attr("axis", -1L).output();
        String context = graph.node("MatMul").inputs(attention, v).output();
        context = reshape(graph, transpose(graph, context, 0, 2, 1, 3), graph.longs(0, 0, d));
        x = graph.node("Add").inputs(x, dense(graph, weights, attentionOutput, context)).output();
        String f = dense(graph, weights, ffnIn, ffnNorm.export(graph, weights, x));
        f = dense(graph, weights, ffnOut, graph.node("Relu").inputs(f).output());
        return graph.node("Add").inputs(x, f).output();
    }

    /** y = x W + b, written as MatMul then Add like {@link Dense#forward}. */
    static String dense(OnnxGraphBuilder graph, OnnxWeights weights, Dense layer, String x) {
        String product = graph.node("MatMul").inputs(x, weights.of(layer.weight())).output();
        return graph.node("Add").inputs(product, weights.of(layer.bias())).output();
    }

    private static String reshape(OnnxGraphBuilder graph, String x, String shape) {
        return graph.node("Reshape").inputs(x, shape).output();
    }

    private static String transpose(OnnxGraphBuilder graph, String x, long... perm) {
        return graph.node("Transpose").inputs(x).ints("perm", perm).output();
    }

    /** 1 / sqrt(head width), computed once in Java so that DJL and ONNX multiply by the same float. */
    private static float scale(int headDim) {
        return (float) (1.0 / Math.sqrt(headDim));
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training && dropout > 0f ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }
}
