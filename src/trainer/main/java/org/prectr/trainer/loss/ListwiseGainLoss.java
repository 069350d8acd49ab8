package org.prectr.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A listwise ranking term for the RSL head (ListNet): per query of the batch, the softmax over its rows
 * of the log expected gain {@code log(sum_i gain_i P(grade = i) + eps)} should match the rows' gains
 * normalised to sum 1. Cross-entropy on grades scores each row alone; this term scores the order within
 * a query, which is what NDCG and the rescorer see. Queries without any gain are left out.
 */
public final class ListwiseGainLoss {

    private static final float EPS = 1e-6f;
    private static final float PADDING = 1e9f;

    private ListwiseGainLoss() {}

    /**
     * @param manager where the batch's constants go
     * @param gradeProbs [B, k] P(grade | x)
     * @param gains the gain of each grade, k values
     * @param grades the grade of each row, B values (-1: none)
     * @param groups the query group of each row, B values
     * @return the mean over the batch's queries with gain, a scalar (0 when there is none)
     */
    public static NDArray loss(NDManager manager, NDArray gradeProbs, float[] gains, int[] grades, int[] groups) {
        int b = grades.length;
        java.util.Map<Integer, Integer> index = new java.util.LinkedHashMap<>();
        for (int g : groups) {
            index.putIfAbsent(g, index.size());
        }
        int q = index.size();
        float[] mask = new float[q * b];
        float[] target = new float[q * b];
        float[] totals = new float[q];
        for (int r = 0; r < b; r++) {
            int g = index.get(groups[r]);
            mask[g * b + r] = 1f;
            float gain = grades[r] >= 0 ? gains[grades[r]] : 0f;
            target[g * b + r] = gain;
            totals[g] += gain;
        }
        int used = 0;
        for (int g = 0; g < q; g++) {
            for (int r = 0; r < b; r++) {
                target[g * b + r] = totals[g] > 0 ? target[g * b + r] / totals[g] : 0f;
            }
            used += totals[g] > 0 ? 1 : 0;
        }
        if (used == 0) {
            return gradeProbs.sum().mul(0f);
        }
        NDArray expected = gradeProbs.matMul(manager.create(gains, new Shape(gains.length, 1))).add(EPS).log(); // [B, 1]
        NDArray m = manager.create(mask, new Shape(q, b));
        NDArray logits = expected.transpose().broadcast(new Shape(q, b)).add(m.sub(1f).mul(PADDING));
        NDArray logSoftmax = logits.logSoftmax(1);
        return logSoftmax.mul(manager.create(target, new Shape(q, b))).sum().neg().div(used);
    }
}
