package org.prectr.core.features;

/**
 * One row of {@code query_preferences.json}: a query and the share of clicks, across all users, on
 * items of each grade under it (PRECTR-V2's cross-user preference), with the click count behind it.
 *
 * @param query the query text
 * @param histogram k shares, histogram[i] for grade i
 * @param clicks the number of clicks the shares are computed from
 */
public record QueryPreferenceEntry(String query, float[] histogram, long clicks) {
}
