package org.prectr.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * KL(teacher || student) between a fixed grade distribution (the frozen stage-1 RSL head's, or
 * teacher grade distributions given as data) and the RSL head being trained: the "anchor" form of
 * semantic consistency regularisation, usable on unlabelled impressions.
 */
public final class RelevanceDistillation {

    private RelevanceDistillation() {}

    /**
     * @param gradeLogits student logits [B, k]
     * @param teacher teacher probabilities [B, k] (rows sum to 1; no gradient)
     * @return mean over rows of sum_i q_i (log q_i - log p_i), a scalar
     */
    public static NDArray loss(NDArray gradeLogits, NDArray teacher) {
        // q log q is 0 for q = 0; clamping inside the log keeps it finite without changing the value
        NDArray entropyTerm = teacher.mul(teacher.clip(1e-12f, 1f).log());
        return entropyTerm.sub(teacher.mul(gradeLogits.logSoftmax(1))).sum(new int[] {1}).mean();
    }
}
