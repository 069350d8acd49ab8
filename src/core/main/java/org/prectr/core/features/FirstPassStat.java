package org.prectr.core.features;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code stat} of a {@code first_pass} feature: a function of the hit's first-phase score and rank. */
public enum FirstPassStat {
    /** The first-phase score as it is. */
    SCORE {
        @Override
        public double value(float score, float maxScore, int row) {
            return score;
        }
    },
    /** The score over the best first-phase score of the result list (0 when that is not positive). */
    SCORE_RATIO {
        @Override
        public double value(float score, float maxScore, int row) {
            return maxScore > 0 ? score / maxScore : 0;
        }
    },
    /** log(1 + rank), rank 0 for the first hit. */
    LOG_RANK {
        @Override
        public double value(float score, float maxScore, int row) {
            return Math.log1p(row);
        }
    };

    /**
     * @param score the hit's first-phase score
     * @param maxScore the best first-phase score of the result list
     * @param row the hit's first-phase rank
     * @return the raw feature value
     */
    public abstract double value(float score, float maxScore, int row);

    /** @return the name used in manifest.json */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a manifest {@code stat}
     * @return the statistic
     * @throws IllegalArgumentException for an unknown name
     */
    public static FirstPassStat of(String name) {
        for (FirstPassStat s : values()) {
            if (s.jsonName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown first_pass stat [" + name + "]");
    }

    /** @return every JSON name, in declaration order */
    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(FirstPassStat::jsonName).toList();
    }
}
