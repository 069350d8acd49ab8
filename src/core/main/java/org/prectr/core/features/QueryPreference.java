package org.prectr.core.features;

/**
 * The result of a {@link QueryPreferenceTable} lookup: r_cate(q) and its support.
 *
 * @param histogram r_cate(q), k values (all zeros when the query is unknown)
 * @param support log1p of the clicks behind the matched entry (0 when unknown)
 * @param matchedQuery the matched entry's query, or null
 * @param similarity 1 for an exact (normalised) match, the cosine for a nearest-neighbour match, 0 when unknown
 */
public record QueryPreference(float[] histogram, double support, String matchedQuery, double similarity) {

    /**
     * @param grades k
     * @return the "unknown query" result: zeros, support 0
     */
    public static QueryPreference none(int grades) {
        return new QueryPreference(new float[grades], 0, null, 0);
    }

    /** @return whether an entry matched */
    public boolean matched() {
        return matchedQuery != null;
    }
}
