package org.prectr.core.inference;

import java.util.ArrayList;
import java.util.List;
import org.prectr.core.fusion.RelevanceIncentive;
import org.prectr.core.fusion.StableMath;
import org.prectr.core.text.TokenBatch;

/**
 * A small deterministic {@link PrectrModel} written in Java, for testing what {@link WindowScorer} feeds
 * the model and how often it calls it (ONNX graphs cannot be built in this module; the ORT-backed
 * tests live in src/onnx). Encoders: a D = 2 embedding [number of real tokens, first token id after
 * [CLS]]. Scorer (k = 2): P(grade 1) = sigmoid(first feature), c = [0.1, 0.5], tau = item[0] / 10,
 * score = sigmoid(logit(fused) + tau). It records every call, so tests can count them.
 */
final class ArithmeticModel implements PrectrModel {

    final List<Integer> queryBatchRows = new ArrayList<>();
    final List<Integer> itemBatchRows = new ArrayList<>();
    final List<float[]> scorerFeatures = new ArrayList<>();
    final List<float[]> scorerItems = new ArrayList<>();
    private final int features;
    boolean closed;

    ArithmeticModel(int features) {
        this.features = features;
    }

    @Override
    public int embeddingDim() {
        return 2;
    }

    @Override
    public int grades() {
        return 2;
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public float[] encodeQueries(TokenBatch batch) {
        queryBatchRows.add(batch.rows());
        return encode(batch);
    }

    @Override
    public float[] encodeItems(TokenBatch batch) {
        itemBatchRows.add(batch.rows());
        return encode(batch);
    }

    private static float[] encode(TokenBatch batch) {
        float[] out = new float[batch.rows() * 2];
        for (int r = 0; r < batch.rows(); r++) {
            out[r * 2] = batch.tokenCount(r);
            out[r * 2 + 1] = batch.length() > 1 ? batch.inputIds()[r * batch.length() + 1] : 0;
        }
        return out;
    }

    /** grade 1 probability = sigmoid(first feature), c = [0.1, 0.5], tau = item[0] / 10. */
    @Override
    public WindowScores score(float[] queryEmbedding, float[] itemEmbeddings, float[] featureValues, int rows) {
        scorerFeatures.add(featureValues.clone());
        scorerItems.add(itemEmbeddings.clone());
        float[] p = new float[rows * 2];
        float[] c = new float[rows * 2];
        float[] tau = new float[rows];
        float[] score = new float[rows];
        for (int r = 0; r < rows; r++) {
            float p1 = (float) StableMath.sigmoid(featureValues[r * features]);
            p[r * 2] = 1 - p1;
            p[r * 2 + 1] = p1;
            c[r * 2] = 0.1f;
            c[r * 2 + 1] = 0.5f;
            tau[r] = itemEmbeddings[r * 2] / 10;
            double fused = 0.1 * (1 - p1) + 0.5 * p1;
            score[r] = (float) RelevanceIncentive.apply(fused, tau[r]);
        }
        return new WindowScores(rows, 2, p, c, tau, score);
    }

    @Override
    public void close() {
        closed = true;
    }
}
