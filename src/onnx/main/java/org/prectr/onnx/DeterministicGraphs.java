package org.prectr.onnx;

/**
 * Writes the two ONNX graphs of the deterministic bundle: the bag-of-words text encoder and the scorer.
 * {@link DeterministicBundleReference} computes the same functions in plain Java, op for op.
 */
public final class DeterministicGraphs {

    /** Keeps the L2 norm of an all-zero mean (a text of stop words only) finite: its embedding is 0. */
    public static final float NORM_FLOOR_SQUARED = 1e-12f;
    /** The fused probability is clamped like the core's {@code StableMath.EPSILON} before its logit. */
    public static final float PROBABILITY_EPSILON = 1e-7f;

    private static final OnnxDim BATCH = OnnxDim.named("batch");
    private static final OnnxDim LENGTH = OnnxDim.named("length");

    private DeterministicGraphs() {}

    /**
     * The encoder: embedding = L2-normalise(sum_t mask_t * table[id_t] / max(sum_t mask_t, 1)).
     *
     * @param table the row-major [vocabularySize, dim] token table ({@link BagOfWordsTokenTable})
     * @return the serialised model with inputs {@code input_ids}, {@code attention_mask} (int64 [B, L])
     *     and output {@code embedding} (float [B, dim])
     */
    public static byte[] encoder(float[] table, int vocabularySize, int dim) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("deterministic_bag_of_words_encoder");
        OnnxOps op = g.ops();
        String ids = g.input("input_ids", OnnxElementType.INT64, BATCH, LENGTH);
        String mask = op.cast(g.input("attention_mask", OnnxElementType.INT64, BATCH, LENGTH), OnnxElementType.FLOAT);
        String tokens = op.gather(g.initializer("token_table", table, vocabularySize, dim), ids, 0);
        String sum = op.reduceSum(op.mul(tokens, op.unsqueeze(mask, 2)), false, 1);
        String count = op.max(op.reduceSum(mask, true, 1), g.scalar(1f));
        String mean = op.div(sum, count);
        String norm = op.sqrt(op.max(op.reduceSum(op.mul(mean, mean), true, 1), g.scalar(NORM_FLOOR_SQUARED)));
        g.output(op.div(mean, norm), "embedding", OnnxElementType.FLOAT, BATCH, OnnxDim.fixed(dim));
        return g.toBytes();
    }

    /**
     * The scorer; see {@link DeterministicBundleWriter} for the formula.
     *
     * @param weights the feature schema and weights
     * @param dim     D, the embedding size
     * @return the serialised model with inputs {@code query_embedding}, {@code item_embedding} (float [B, D]),
     *     {@code features} (float [B, F]) and outputs {@code grade_probs}, {@code click_probs} (float [B, k]),
     *     {@code tau} and {@code score} (float [B, 1])
     */
    public static byte[] scorer(DeterministicScorerWeights weights, int dim) {
        int k = weights.grades();
        int f = weights.featureCount();
        OnnxGraphBuilder g = new OnnxGraphBuilder("deterministic_scorer");
        OnnxOps op = g.ops();
        String query = g.input("query_embedding", OnnxElementType.FLOAT, BATCH, OnnxDim.fixed(dim));
        String item = g.input("item_embedding", OnnxElementType.FLOAT, BATCH, OnnxDim.fixed(dim));
        String features = g.input("features", OnnxElementType.FLOAT, BATCH, OnnxDim.fixed(f));

        String heads = op.matMul(features, g.initializer("head_weights", weights.headMatrix(), f,
            DeterministicScorerWeights.HEADS));
        String cosine = op.reduceSum(op.mul(query, item), true, 1);
        String relevance = op.add(op.add(op.mul(cosine, g.scalar(DeterministicScorerWeights.COSINE_WEIGHT)),
            head(g, heads, DeterministicScorerWeights.REL)), g.scalar(DeterministicScorerWeights.RELEVANCE_BIAS));
        String gradeLogits = op.add(op.matMul(relevance, g.initializer("grade_slope", weights.gradeSlope(), 1, k)),
            g.initializer("grade_bias", weights.gradeBias(), 1, k));
        String gradeProbs = op.softmax(gradeLogits, -1);
        String clickProbs = op.sigmoid(op.add(head(g, heads, DeterministicScorerWeights.SHIFT),
            g.initializer("click_bias", weights.clickBias(), 1, k)));

        float[] gradeValues = new float[k];
        for (int i = 0; i < k; i++) {
            gradeValues[i] = i;
        }
        String expectedGrade = op.matMul(gradeProbs, g.initializer("grade_values", gradeValues, k, 1));
        String strictTerm = op.mul(head(g, heads, DeterministicScorerWeights.STRICT), op.mul(
            op.sub(expectedGrade, g.scalar(DeterministicScorerWeights.STRICT_PIVOT)),
            g.scalar(DeterministicScorerWeights.STRICT_GAIN)));
        String lenientPreference = op.add(head(g, heads, DeterministicScorerWeights.CHEAP),
            op.matMul(gradeProbs, g.initializer("other_grade_weights", weights.otherGradeWeights(), k, 1)));
        String tau = op.add(strictTerm, op.mul(head(g, heads, DeterministicScorerWeights.LENIENT), lenientPreference));

        String fused = op.clip(op.reduceSum(op.mul(clickProbs, gradeProbs), true, 1),
            PROBABILITY_EPSILON, 1f - PROBABILITY_EPSILON);
        String logit = op.sub(op.log(fused), op.log(op.sub(g.scalar(1f), fused)));
        String score = op.sigmoid(op.add(logit, tau));

        OnnxDim grades = OnnxDim.fixed(k);
        g.output(gradeProbs, "grade_probs", OnnxElementType.FLOAT, BATCH, grades);
        g.output(clickProbs, "click_probs", OnnxElementType.FLOAT, BATCH, grades);
        g.output(tau, "tau", OnnxElementType.FLOAT, BATCH, OnnxDim.fixed(1));
        g.output(score, "score", OnnxElementType.FLOAT, BATCH, OnnxDim.fixed(1));
        return g.toBytes();
    }

    /** Column {@code index} of the [B, HEADS] head outputs, kept 2-D as [B, 1]. */
    private static String head(OnnxGraphBuilder g, String heads, int index) {
        return g.ops().slice(heads, new long[] {index}, new long[] {index + 1}, new long[] {1});
    }
}
