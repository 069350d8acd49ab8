package org.prectr.trainer.train;

/**
 * The named terms of the stage-2 loss and where each one's weight comes from (PRECTR.md, stage 2). The
 * click term has weight 1; the loss is {@code click + sum_i weight_i * term_i} over the switched-on terms.
 */
enum Stage2Term {
    /** Click BCE on the score logit, or the examination-aware click loss with position-aware training. */
    CLICK("click_bce") {
        @Override
        float weight(TrainerConfig c) {
            return 1f;
        }
    },
    /** CE(RSL head, the row's grade): keeps the relevance head consistent with the judgments. */
    CONSISTENCY_CE("consistency_ce") {
        @Override
        float weight(TrainerConfig c) {
            return c.consistencyCeWeight();
        }
    },
    /** KL(frozen stage-1 RSL head || RSL head). */
    CONSISTENCY_KL("consistency_kl") {
        @Override
        float weight(TrainerConfig c) {
            return c.consistencyKlWeight();
        }
    },
    /** Hinge keeping the fused click probability monotone in the grade. */
    MONOTONICITY("monotonicity") {
        @Override
        float weight(TrainerConfig c) {
            return c.monotonicityWeight();
        }
    },
    /** CE of the hard negatives' grade logits against grade 0. */
    NEGATIVE_CE("negative_ce") {
        @Override
        float weight(TrainerConfig c) {
            return c.negativeGradeWeight();
        }
    },
    /** Pairwise margin between each clicked row and its hard negative. */
    PAIRWISE("pairwise") {
        @Override
        float weight(TrainerConfig c) {
            return c.pairWeight();
        }
    };

    private final String key;

    Stage2Term(String key) {
        this.key = key;
    }

    /** @return the name of the term in the epoch's losses (the training report) */
    String key() {
        return key;
    }

    /** @return the term's weight in the sum */
    abstract float weight(TrainerConfig c);
}
