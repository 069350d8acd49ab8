package org.prectr.core.bundle;

import java.util.List;

/**
 * The graph contract of docs/bundle.md: for each role, the input and output names, their element
 * types and their shapes in terms of D (embedding_dim), k (grades) and F (features), with -1 for the
 * axes that must stay dynamic (batch B, sequence length L). The manifest's shapes are checked against
 * it when the manifest is read, and the ONNX graphs against the manifest when they are loaded.
 */
public final class GraphContract {

    private GraphContract() {}

    /** The three graph roles, with their manifest names. */
    public enum Role {
        /** Query text encoder. */
        QUERY_ENCODER("query_encoder"),
        /** Item text encoder. */
        ITEM_ENCODER("item_encoder"),
        /** The fusion scorer. */
        SCORER("scorer");

        private final String jsonName;

        Role(String jsonName) {
            this.jsonName = jsonName;
        }

        /** @return the key under {@code graphs} in manifest.json */
        public String jsonName() {
            return jsonName;
        }

        /**
         * @param graphs the manifest's graphs
         * @return this role's graph
         */
        public GraphSpec of(GraphsSpec graphs) {
            return switch (this) {
                case QUERY_ENCODER -> graphs.queryEncoder();
                case ITEM_ENCODER -> graphs.itemEncoder();
                case SCORER -> graphs.scorer();
            };
        }
    }

    /** Element types the contract uses. */
    public enum ElementType {
        /** int64 token ids and masks. */
        INT64,
        /** float32 everything else. */
        FLOAT32
    }

    /**
     * One input or output of the contract.
     *
     * @param name the tensor name
     * @param type the element type
     * @param shape the shape, -1 for an axis that must be dynamic
     */
    public record Tensor(String name, ElementType type, List<Long> shape) {
    }

    /**
     * @param role a role
     * @param dim D
     * @param grades k
     * @param features F
     * @return the role's inputs, in contract order
     */
    public static List<Tensor> inputs(Role role, int dim, int grades, int features) {
        long d = dim;
        return switch (role) {
            case QUERY_ENCODER, ITEM_ENCODER -> List.of(
                new Tensor("input_ids", ElementType.INT64, List.of(-1L, -1L)),
                new Tensor("attention_mask", ElementType.INT64, List.of(-1L, -1L)));
            case SCORER -> List.of(
                new Tensor("query_embedding", ElementType.FLOAT32, List.of(-1L, d)),
                new Tensor("item_embedding", ElementType.FLOAT32, List.of(-1L, d)),
                new Tensor("features", ElementType.FLOAT32, List.of(-1L, (long) features)));
        };
    }

    /**
     * @param role a role
     * @param dim D
     * @param grades k
     * @param features F
     * @return the role's outputs, in contract order
     */
    public static List<Tensor> outputs(Role role, int dim, int grades, int features) {
        long k = grades;
        return switch (role) {
            case QUERY_ENCODER, ITEM_ENCODER -> List.of(
                new Tensor("embedding", ElementType.FLOAT32, List.of(-1L, (long) dim)));
            case SCORER -> List.of(
                new Tensor("grade_probs", ElementType.FLOAT32, List.of(-1L, k)),
                new Tensor("click_probs", ElementType.FLOAT32, List.of(-1L, k)),
                new Tensor("tau", ElementType.FLOAT32, List.of(-1L, 1L)),
                new Tensor("score", ElementType.FLOAT32, List.of(-1L, 1L)));
        };
    }

    /**
     * The manifest shapes a bundle writer should declare: the contract's shapes with D, k and F fixed.
     *
     * @param role a role
     * @param file the graph file
     * @param dim D
     * @param grades k
     * @param features F
     * @return the graph spec
     */
    public static GraphSpec spec(Role role, String file, int dim, int grades, int features) {
        java.util.Map<String, List<Long>> in = new java.util.LinkedHashMap<>();
        inputs(role, dim, grades, features).forEach(t -> in.put(t.name(), t.shape()));
        java.util.Map<String, List<Long>> out = new java.util.LinkedHashMap<>();
        outputs(role, dim, grades, features).forEach(t -> out.put(t.name(), t.shape()));
        return new GraphSpec(file, in, out);
    }
}
