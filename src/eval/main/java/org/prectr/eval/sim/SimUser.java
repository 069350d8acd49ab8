package org.prectr.eval.sim;

import java.util.Map;
import java.util.Set;

/**
 * One simulated user (nothing here is real data). Hidden from the models: segment, tolerance,
 * affinities and liked brands; these are what the ground-truth utility is made of.
 *
 * @param index            0-based position in the population
 * @param id               the UBI {@code client_id}
 * @param segment          the user's segment (users of one segment share taste)
 * @param tolerance        personal relevance tolerance
 * @param categoryAffinity top-level category to affinity (sums to 1)
 * @param likedBrands      brands this user likes
 * @param pastSessions     number of training-period sessions (0-2 means cold start)
 */
public record SimUser(int index, String id, int segment, Tolerance tolerance, Map<String, Double> categoryAffinity,
                      Set<String> likedBrands, int pastSessions) {

    /** Users with at most this many past sessions are cold-start users. */
    public static final int COLD_START_MAX_SESSIONS = 2;

    public SimUser {
        categoryAffinity = Map.copyOf(categoryAffinity);
        likedBrands = Set.copyOf(likedBrands);
    }

    /** {@code cold_start} (0-2 past sessions) or {@code active}. */
    public String activityBucket() {
        return pastSessions <= COLD_START_MAX_SESSIONS ? "cold_start" : "active";
    }

    public double affinity(String category) {
        return categoryAffinity.getOrDefault(category, 0.0);
    }
}
