package org.prectr.core.fusion;

/**
 * PRECTR's personalised relevance incentive: the fused click probability f is shifted on the logit
 * scale by tau, score = sigmoid(logit(f) + tau). f is clamped to [1e-7, 1 - 1e-7] first, exactly as
 * the scorer graph does, so a certain or impossible click still gives a finite logit.
 */
public final class RelevanceIncentive {

    private RelevanceIncentive() {}

    /**
     * @param fusedClickProbability f = sum_i c_i p_i
     * @param tau the incentive (positive boosts, negative suppresses)
     * @return sigmoid(logit(clamp(f)) + tau)
     * @throws IllegalArgumentException if f or tau is NaN
     */
    public static double apply(double fusedClickProbability, double tau) {
        if (Double.isNaN(tau)) {
            throw new IllegalArgumentException("[tau] must be a number but was [NaN]");
        }
        return StableMath.sigmoid(StableMath.logit(fusedClickProbability) + tau);
    }
}
