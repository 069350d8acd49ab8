package org.prectr.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * sum_i max(0, c_i - c_{i+1} + delta), averaged over rows: a lower grade must never carry a higher
 * conditional click probability than the next grade up (by at least delta). Part of the semantic
 * consistency regularisation: it stops a high-CTR irrelevant item from being pushed up.
 */
public final class MonotonicityHinge {

    private MonotonicityHinge() {}

    /**
     * @param clickProbs P(click | grade = i, x) [B, k], grades in increasing order
     * @param delta the margin (0 allows equal neighbours)
     * @return the mean over rows of the summed hinge, a scalar
     */
    public static NDArray loss(NDArray clickProbs, float delta) {
        long k = clickProbs.getShape().get(1);
        NDArray lower = clickProbs.get(new NDIndex(":, 0:" + (k - 1)));
        NDArray upper = clickProbs.get(new NDIndex(":, 1:" + k));
        return lower.sub(upper).add(delta).maximum(0f).sum(new int[] {1}).mean();
    }
}
