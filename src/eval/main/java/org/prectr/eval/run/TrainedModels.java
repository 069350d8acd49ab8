package org.prectr.eval.run;

import org.prectr.eval.rank.Ranker;

import java.util.List;

/**
 * The learned models, trained by the trainer module on the training period's simulated logs and the
 * training judgments only, exported as bundles and scored through the served path.
 */
public final class TrainedModels {
    /** Every learned model name results.json uses. */
    public static final List<String> NAMES = List.of("dnn_click", "fused_rule", "prectr_v1", "prectr_v2",
            "prectr_v2_without_cross_user", "prectr_v2_without_debias", "prectr_v2_without_distilled_encoder",
            "prectr_v2_without_two_stage", "prectr_v2_without_consistency");

    private final EvalContext context;

    public TrainedModels(EvalContext context) {
        this.context = context;
    }

    public boolean supports(String name) {
        return false;
    }

    public List<String> names() {
        return List.of();
    }

    public Ranker create(String name) {
        throw new IllegalArgumentException("[models] learned model [" + name + "] is not available: the trainer API is not integrated yet");
    }
}
