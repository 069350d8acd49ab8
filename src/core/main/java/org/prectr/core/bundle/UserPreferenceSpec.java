package org.prectr.core.bundle;

/**
 * The manifest's {@code user_preference} object: how r_u(q) is built from the request's history.
 *
 * @param maxHistory how many of the latest history entries are used
 * @param temperature the softmax temperature over cosine similarities
 */
public record UserPreferenceSpec(int maxHistory, double temperature) {
}
