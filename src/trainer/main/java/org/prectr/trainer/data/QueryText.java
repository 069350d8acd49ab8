package org.prectr.trainer.data;

import java.util.Locale;

/**
 * The one normal form of query text used to join logs, judgments and the preference table: lower
 * case, trimmed, runs of whitespace collapsed to one space (the same rule as the bundle's
 * query_preferences lookup).
 */
public final class QueryText {

    private QueryText() {}

    /**
     * @param query any query text
     * @return its normal form
     */
    public static String normalise(String query) {
        return query.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
