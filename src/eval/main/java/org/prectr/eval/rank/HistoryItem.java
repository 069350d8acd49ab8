package org.prectr.eval.rank;

/**
 * One entry of a user's past behaviour, as a production system would know it from its logs: a past
 * query, the product clicked (null for a session without a click), that product's real grade under
 * the query when judged (-1 otherwise), and whether it was a click.
 */
public record HistoryItem(String query, String productId, int grade, boolean clicked) {}
