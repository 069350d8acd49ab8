package org.prectr.trainer.train;

/**
 * Where the grades of a user's past clicks come from when the trainer builds r_u(q).
 */
public enum HistoryGradeSource {
    /**
     * P(grade | q_j, d_j) of the stage-1 relevance head, through the core's HistoryGradeInference: what
     * the plugin computes at serving time, where a shop knows clicks and never their grades (the default).
     */
    INFERRED,
    /** The human grades of the training judgments, for judged clicks only (the round-1 behaviour; a train/serve skew). */
    LABELLED;

    /**
     * @param name the option value
     * @return the constant
     */
    public static HistoryGradeSource fromName(String name) {
        for (HistoryGradeSource s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("[history_grades] must be one of [inferred, labelled] but was [" + name + "]");
    }
}
