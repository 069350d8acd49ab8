package org.prectr.trainer.model;

/**
 * How the personalised relevance incentive tau is computed (score = sigmoid(logit(f) + tau)).
 */
public enum IncentiveMode {
    /** tau = 0: the fused click probability is the score (PRECTR without personalisation, baselines). */
    NONE,
    /** PRECTR V1: tau = MLP(r_u, p, e_q-derived, item features). */
    PERSONAL,
    /**
     * PRECTR-V2: a mixture of a boosting expert (softplus, >= 0) and a suppressing expert (-softplus,
     * <= 0), gated by a softmax, over r_u + r_cate (the cross-user preference) and the same inputs as V1.
     */
    MIXTURE
}
