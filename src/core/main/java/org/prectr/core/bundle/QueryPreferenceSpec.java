package org.prectr.core.bundle;

/**
 * The manifest's {@code query_preferences} object (PRECTR-V2 cross-user preference table).
 *
 * @param file the bundle-relative table file
 * @param similarityThreshold the lowest cosine at which the nearest entry is used for an unknown query
 */
public record QueryPreferenceSpec(String file, double similarityThreshold) {
}
