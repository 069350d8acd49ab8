package org.prectr.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.prectr.onnx.OnnxGraphBuilder;
import org.prectr.onnx.OnnxOps;

/**
 * What the RSL head reads of the query and item embeddings (before the match features are appended).
 * Each constant writes its DJL forward and its ONNX export side by side.
 */
public enum RelevanceInput {
    /** [e_q, e_t, e_q * e_t, |e_q - e_t|]: the pair's full interaction; the head can also read either side alone. */
    FULL {
        @Override
        public int width(int dim) {
            return 4 * dim;
        }

        @Override
        NDArray forward(NDArray query, NDArray item) {
            return NDArrays.concat(new NDList(query, item, query.mul(item), query.sub(item).abs()), 1);
        }

        @Override
        String export(OnnxGraphBuilder g, String query, String item) {
            OnnxOps ops = g.ops();
            return ops.concat(1, query, item, ops.mul(query, item), g.node("Abs").inputs(ops.sub(query, item)).output());
        }
    },
    /**
     * [e_q * e_t, |e_q - e_t|]: only how the two sides agree, per dimension, and nothing of either side
     * alone, so the head cannot memorise the few training queries or items (80 queries, 3,500 pairs) and
     * has to judge the match; the cosine is the sum of the first half.
     */
    AGREEMENT {
        @Override
        public int width(int dim) {
            return 2 * dim;
        }

        @Override
        NDArray forward(NDArray query, NDArray item) {
            return NDArrays.concat(new NDList(query.mul(item), query.sub(item).abs()), 1);
        }

        @Override
        String export(OnnxGraphBuilder g, String query, String item) {
            OnnxOps ops = g.ops();
            return ops.concat(1, ops.mul(query, item), g.node("Abs").inputs(ops.sub(query, item)).output());
        }
    };

    /**
     * @param dim the embedding width D
     * @return the number of values this input gives per row
     */
    public abstract int width(int dim);

    abstract NDArray forward(NDArray query, NDArray item);

    abstract String export(OnnxGraphBuilder g, String query, String item);

    /**
     * @param name the option value, lower case
     * @return the constant
     */
    public static RelevanceInput fromName(String name) {
        for (RelevanceInput r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("[relevance_input] must be one of [full, agreement] but was [" + name + "]");
    }
}
