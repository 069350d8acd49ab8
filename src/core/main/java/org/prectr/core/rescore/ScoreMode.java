package org.prectr.core.rescore;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the model score is combined with the first-phase score, the request's {@code score_mode}.
 * With a = {@code query_weight} x first-phase score and b = {@code rescore_weight} x model score:
 * {@code replace} gives b, {@code multiply} a x b, {@code total} a + b. The behaviour lives with the value
 * so that scoring and {@code explain} cannot disagree.
 */
public enum ScoreMode {
    /** b: the model alone decides. */
    REPLACE {
        @Override
        public float combine(float weightedFirstPhase, float weightedModel) {
            return weightedModel;
        }
    },
    /** a x b: the model scales the first-phase score. */
    MULTIPLY {
        @Override
        public float combine(float weightedFirstPhase, float weightedModel) {
            return weightedFirstPhase * weightedModel;
        }
    },
    /** a + b: the model score is added to the first-phase score. */
    TOTAL {
        @Override
        public float combine(float weightedFirstPhase, float weightedModel) {
            return weightedFirstPhase + weightedModel;
        }
    };

    /**
     * @param weightedFirstPhase {@code query_weight} x the hit's first-phase score
     * @param weightedModel {@code rescore_weight} x the model score
     * @return the hit's final score
     */
    public abstract float combine(float weightedFirstPhase, float weightedModel);

    /** @return the name used in requests, e.g. {@code replace} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value the request's {@code score_mode}
     * @return the mode
     * @throws IllegalArgumentException {@code [prectr] [score_mode] must be one of [replace, multiply, total] but was [max]}
     */
    public static ScoreMode fromString(String value) {
        for (ScoreMode mode : values()) {
            if (mode.jsonName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("[prectr] [score_mode] must be one of ["
            + Arrays.stream(values()).map(ScoreMode::jsonName).collect(Collectors.joining(", ")) + "] but was [" + value + "]");
    }
}
