package org.prectr.onnx;

/**
 * Small scorer graphs that break one rule of the bundle contract each, for the bundle-validation and model-store
 * tests of this module and of the plugins (a test fixture, like {@link DeterministicBundleWriter}). Their outputs
 * have the contract's names and shapes unless the variant says otherwise.
 */
public final class ScorerVariants {

    private ScorerVariants() {}

    /**
     * @param featuresInput the name of the features input ({@code features} in the contract)
     * @param featureCount  F of the features input
     * @param nanScore      whether {@code score} is NaN (sqrt of -1) instead of a probability
     * @return the graph's bytes
     */
    public static byte[] scorer(String featuresInput, int featureCount, boolean nanScore) {
        return scorer(featuresInput, featureCount, nanScore, false);
    }

    /**
     * @param featuresInput the name of the features input ({@code features} in the contract)
     * @param featureCount  F of the features input
     * @param nanScore      whether {@code score} is NaN (sqrt of -1) instead of a probability
     * @param doubledScore  whether {@code score} holds two values per row (the rows stacked twice): a graph that
     *                      loads but fails at run time, a failure of the model itself
     * @return the graph's bytes
     */
    public static byte[] scorer(String featuresInput, int featureCount, boolean nanScore, boolean doubledScore) {
        OnnxDim batch = OnnxDim.named("batch");
        int d = DeterministicBundleWriter.EMBEDDING_DIM;
        OnnxGraphBuilder g = new OnnxGraphBuilder("variant_scorer");
        OnnxOps op = g.ops();
        String q = g.input("query_embedding", OnnxElementType.FLOAT, batch, OnnxDim.fixed(d));
        String t = g.input("item_embedding", OnnxElementType.FLOAT, batch, OnnxDim.fixed(d));
        String x = g.input(featuresInput, OnnxElementType.FLOAT, batch, OnnxDim.fixed(featureCount));
        String grades = op.softmax(op.matMul(x, g.initializer("w", new float[featureCount * 4], featureCount, 4)), -1);
        String clicks = op.sigmoid(grades);
        String tau = op.reduceSum(op.mul(q, t), true, 1);
        String fused = op.reduceSum(op.mul(grades, clicks), true, 1);
        String score = nanScore ? op.sqrt(op.sub(op.mul(fused, g.scalar(0f)), g.scalar(1f))) : fused;
        if (doubledScore) {
            // two values per row: shape inference cannot pin the batch dimension, so the graph loads
            score = op.concat(0, score, score);
        }
        g.output(grades, "grade_probs", OnnxElementType.FLOAT, batch, OnnxDim.fixed(4));
        g.output(clicks, "click_probs", OnnxElementType.FLOAT, batch, OnnxDim.fixed(4));
        g.output(tau, "tau", OnnxElementType.FLOAT, batch, OnnxDim.fixed(1));
        g.output(score, "score", OnnxElementType.FLOAT, batch, OnnxDim.fixed(1));
        return g.toBytes();
    }
}
