package org.prectr.trainer.train;

import org.prectr.trainer.model.IncentiveMode;

import java.util.Locale;

/**
 * Named presets over {@link TrainerConfig#defaults()} for the models the evaluation compares: PRECTR
 * V1 and V2, V2 without one component each (ablations), a plain DNN click model, and a relevance-only
 * model (with the DNN, the two halves of the weighted-rule baseline).
 */
public enum Variant {
    /** PRECTR-V2: everything on. */
    PRECTR_V2,
    /** PRECTR V1: personal incentive MLP, frozen encoder, no r_cate, no hard negatives. */
    PRECTR_V1,
    /** V2 without the cross-user preference r_cate (MoE over r_u only). */
    V2_NO_CROSS_USER,
    /** V2 without exposure-bias correction (no hard negatives, no pairwise loss). */
    V2_NO_DEBIAS,
    /**
     * V2 without the distilled encoder: PRECTR-V2 trained on frozen teacher embeddings (a
     * {@link TeacherEmbedder}; the {@code train} command's {@code --frozen-teacher}, all-MiniLM-L6-v2 float32
     * by default) instead of the stage-0 encoder, which is not used (see {@link #usesDistilledEncoder()});
     * no encoder fine-tuning. The bundle serves the teacher's own graph ({@code TeacherGraphExport}).
     */
    V2_NO_DISTILLED_ENCODER,
    /** V2 trained in one stage (no RSL pretraining). */
    V2_SINGLE_STAGE,
    /** V2 without semantic consistency regularisation (no CE, KL or monotonicity hinge in stage 2). */
    V2_NO_CONSISTENCY,
    /** A plain click model over the same features and embeddings: no fusion, no incentive, no RSL training. */
    DNN,
    /** The RSL head alone, trained on grades (stage 1 only). */
    RELEVANCE;

    /** @return the name used on the command line and in the manifest, e.g. {@code prectr_v2} */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name an option name
     * @return the variant
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Variant fromName(String name) {
        for (Variant v : values()) {
            if (v.optionName().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("[variant] must be one of " + java.util.Arrays.stream(values())
            .map(Variant::optionName).toList() + " but was [" + name + "]");
    }

    /**
     * @return whether the run embeds texts with the distilled encoder (from the stage-0 weights when they
     *     are given); false: with a frozen teacher
     */
    public boolean usesDistilledEncoder() {
        return this != V2_NO_DISTILLED_ENCODER;
    }

    /**
     * @param base the configuration to start from (seed, sizes and epochs are kept)
     * @return {@code base} with this variant's switches
     */
    public TrainerConfig apply(TrainerConfig base) {
        TrainerConfig.Builder b = base.toBuilder().set("variant", optionName());
        switch (this) {
            case PRECTR_V2 -> { }
            case PRECTR_V1 -> b.set("incentive", IncentiveMode.PERSONAL).set("crossUserPreference", false)
                .set("hardNegatives", false).set("fineTuneEncoder", false);
            case V2_NO_CROSS_USER -> b.set("crossUserPreference", false);
            case V2_NO_DEBIAS -> b.set("hardNegatives", false);
            case V2_NO_DISTILLED_ENCODER -> b.set("fineTuneEncoder", false);
            case V2_SINGLE_STAGE -> b.set("stage1", false);
            case V2_NO_CONSISTENCY -> b.set("consistencyCe", false).set("consistencyKl", false).set("monotonicity", false);
            case DNN -> b.set("fusion", false).set("incentive", IncentiveMode.NONE).set("crossUserPreference", false)
                .set("stage1", false).set("consistencyCe", false).set("consistencyKl", false)
                .set("monotonicity", false).set("hardNegatives", false).set("fineTuneEncoder", false);
            case RELEVANCE -> b.set("stage2Epochs", 0).set("incentive", IncentiveMode.NONE)
                .set("crossUserPreference", false).set("hardNegatives", false).set("fineTuneEncoder", false);
        }
        return b.build();
    }
}
