package org.prectr.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy of the RSL head against relevance grades, averaged over the rows that have a grade
 * (stage 1, the stage-2 consistency term on labelled pairs, and the hard negatives' fake grade).
 */
public final class GradeCrossEntropy {

    private GradeCrossEntropy() {}

    /**
     * @param gradeLogits [B, k]
     * @param targets [B, k] one-hot rows (all zeros for a row without a grade)
     * @return the mean over labelled rows of -log p(grade), a scalar (0 when no row is labelled)
     */
    public static NDArray loss(NDArray gradeLogits, NDArray targets) {
        NDArray perRow = gradeLogits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg();
        float labelled = targets.sum().getFloat();
        return perRow.sum().div(Math.max(1f, labelled));
    }
}
