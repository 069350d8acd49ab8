package org.prectr.core.features;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code stat} of a {@code user_history} feature: one number per request. */
public enum HistoryStat {
    /** log(1 + the number of history entries used). */
    LENGTH {
        @Override
        public double value(RequestFeatures request) {
            return Math.log1p(request.historyUsed());
        }
    },
    /** The share of used history entries that were clicked. */
    CLICK_RATE {
        @Override
        public double value(RequestFeatures request) {
            return request.historyClickRate();
        }
    },
    /** The highest cosine similarity of the query with a used history query. */
    MAX_SIMILARITY {
        @Override
        public double value(RequestFeatures request) {
            return request.historyMaxSimilarity();
        }
    };

    /**
     * @param request the request's features
     * @return the raw value
     */
    public abstract double value(RequestFeatures request);

    /** @return the name used in manifest.json */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a manifest {@code stat}
     * @return the statistic
     * @throws IllegalArgumentException for an unknown name
     */
    public static HistoryStat of(String name) {
        for (HistoryStat s : values()) {
            if (s.jsonName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown user_history stat [" + name + "]");
    }

    /** @return every JSON name, in declaration order */
    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(HistoryStat::jsonName).toList();
    }
}
