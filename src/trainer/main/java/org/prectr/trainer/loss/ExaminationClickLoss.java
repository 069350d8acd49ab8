package org.prectr.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Position-aware click loss (an examination model, as in position-bias-aware learning): in the log a
 * click needs the item to be examined, which depends on its display position, and to be wanted, which
 * the model predicts. Training fits {@code P(click) = sigmoid(b_position) * sigmoid(z)} with a learned
 * examination logit per position; serving uses {@code sigmoid(z)} alone, the click probability with the
 * position effect taken out, so the model never learns to re-create the order that the log was shown in.
 *
 * <p>Loss: {@code -[y log p + (1 - y) log(1 - p)]} with {@code log p = -softplus(-z) - softplus(-b)},
 * and {@code 1 - p} clamped to at least {@value #EPSILON}.
 */
public final class ExaminationClickLoss {
    static final float EPSILON = 1e-7f;

    private ExaminationClickLoss() {}

    /**
     * @param logits the model's click logit z, [B, 1]
     * @param examination the examination logit b of each row's position, [B, 1]
     * @param clicks [B, 1] with values 0 or 1
     * @return the mean loss, a scalar
     */
    public static NDArray loss(NDArray logits, NDArray examination, NDArray clicks) {
        NDArray logP = Activation.softPlus(logits.neg()).add(Activation.softPlus(examination.neg())).neg();
        NDArray p = logP.exp();
        NDArray logNotP = p.neg().add(1f).clip(EPSILON, 1f).log();
        return logP.mul(clicks).add(logNotP.mul(clicks.neg().add(1f))).neg().mean();
    }
}
