package org.prectr.core.features;

/**
 * One entry of a user's search history, as the request sends it: the query, the clicked (or shown)
 * item, its relevance grade when known, and whether it was clicked.
 *
 * @param query the past query text (required, not blank)
 * @param item the item id (informational), or null
 * @param grade the item's grade in [0, k), or null when unknown (checked against the bundle's k later)
 * @param clicked whether the user clicked the item
 */
public record HistoryEntry(String query, String item, Integer grade, boolean clicked) {

    /** Requires a non-blank query. */
    public HistoryEntry {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("[query] must not be blank but was [" + (query == null ? "" : query) + "]");
        }
    }

    /**
     * @param query the past query
     * @param grade the clicked item's grade
     * @return a clicked entry with no item id
     */
    public static HistoryEntry clicked(String query, int grade) {
        return new HistoryEntry(query, null, grade, true);
    }
}
