package org.prectr.onnx;

/**
 * Small scorer graphs that break one rule of the bundle contract each, for the validation tests
 * (test helper). Their outputs have the contract's names and shapes unless the variant says otherwise.
 */
final class ScorerVariants {

    private ScorerVariants() {}

    /**
     * @param featuresInput the name of the features input ({@code features} in the contract)
     * @param featureCount  F of the features input
     * @param nanScore      whether {@code score} is NaN (sqrt of -1) instead of a probability
     */
    static byte[] scorer(String featuresInput, int featureCount, boolean nanScore) {
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
        g.output(grades, "grade_probs", OnnxElementType.FLOAT, batch, OnnxDim.fixed(4));
        g.output(clicks, "click_probs", OnnxElementType.FLOAT, batch, OnnxDim.fixed(4));
        g.output(tau, "tau", OnnxElementType.FLOAT, batch, OnnxDim.fixed(1));
        g.output(score, "score", OnnxElementType.FLOAT, batch, OnnxDim.fixed(1));
        return g.toBytes();
    }
}
