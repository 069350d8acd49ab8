package org.prectr.trainer.data;

/**
 * One item shown to one user for one search, and whether it was clicked: the unit of stage-2
 * training, derived from User Behavior Insights logs.
 *
 * @param user the user ({@code user_id}, or {@code client_id} when the log has no user id)
 * @param query the query text, normalised ({@link QueryText})
 * @param searchId the UBI {@code query_id} of the search (groups one result list)
 * @param item the document id
 * @param position 0-based position in the result list
 * @param clicked whether the item was clicked in that search
 * @param timeMillis when the search happened (epoch milliseconds; orders a user's history)
 */
public record Impression(String user, String query, String searchId, String item, int position, boolean clicked,
                         long timeMillis) {

    public Impression {
        if (position < 0) {
            throw new IllegalArgumentException("[position] must be at least [0] but was [" + position + "]");
        }
    }
}
