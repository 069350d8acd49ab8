package org.prectr.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Binary cross-entropy of the click label on a logit: softplus(z) - z y, the numerically stable form
 * of -[y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))]. Applied to the fused score logit
 * logit(f) + tau (stage 2) or to a plain click model's logit.
 */
public final class ClickCrossEntropy {

    private ClickCrossEntropy() {}

    /**
     * @param logits [B, 1]
     * @param clicks [B, 1] with values 0 or 1
     * @return the mean BCE, a scalar
     */
    public static NDArray loss(NDArray logits, NDArray clicks) {
        return Activation.softPlus(logits).sub(logits.mul(clicks)).mean();
    }
}
