package org.prectr.trainer.loss;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;

/**
 * The exposure-bias pairwise loss of PRECTR-V2: max(0, m - (s_pos - s_neg)) on score logits, with
 * dynamic truncation: the pairs whose loss lies in the top {@code dropShare} of the batch are left
 * out, because the largest violations are the likeliest false negatives (a noised embedding can still
 * describe a relevant item).
 */
public final class PairwiseMarginLoss {

    private PairwiseMarginLoss() {}

    /**
     * @param positive score logits of the positives [P, 1]
     * @param negative score logits of their hard negatives [P, 1]
     * @param margin m
     * @param dropShare share of the largest pair losses dropped per batch, in [0, 1)
     * @return the mean hinge over the kept pairs, a scalar (0 without pairs)
     */
    public static NDArray loss(NDArray positive, NDArray negative, float margin, double dropShare) {
        if (dropShare < 0 || dropShare >= 1) {
            throw new IllegalArgumentException("[drop_share] must be in [0, 1) but was [" + dropShare + "]");
        }
        NDArray hinge = positive.sub(negative).neg().add(margin).maximum(0f).reshape(-1);
        int n = (int) hinge.size();
        if (n == 0) {
            return positive.sum().mul(0f);
        }
        float[] values = hinge.toFloatArray();
        int keep = n - (int) Math.floor(dropShare * n);
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        float threshold = sorted[keep - 1];
        // keep exactly `keep` pairs: all below the threshold, then ties at it in index order
        float[] mask = new float[n];
        int kept = 0;
        for (int i = 0; i < n && kept < keep; i++) {
            if (values[i] < threshold) {
                mask[i] = 1f;
                kept++;
            }
        }
        for (int i = 0; i < n && kept < keep; i++) {
            if (values[i] == threshold) {
                mask[i] = 1f;
                kept++;
            }
        }
        NDArray keepMask = hinge.getManager().create(mask);
        return hinge.mul(keepMask).sum().div(keep);
    }
}
