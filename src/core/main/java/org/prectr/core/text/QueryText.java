package org.prectr.core.text;

import java.util.Locale;

/**
 * The one normal form of query text, used wherever queries are joined: the bundle's query_preferences
 * lookup, judgments, UBI logs and the trainer's candidate lists. Lower case (root locale), trimmed,
 * runs of whitespace collapsed to one space.
 */
public final class QueryText {

    private QueryText() {}

    /**
     * @param query any query text
     * @return its normal form
     */
    public static String normalise(String query) {
        return query.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
