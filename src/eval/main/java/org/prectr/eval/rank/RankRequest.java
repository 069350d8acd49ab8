package org.prectr.eval.rank;

import org.prectr.eval.data.Product;
import org.prectr.eval.sim.SimSession;

import java.util.List;

/**
 * What a ranker may see of one test session: the user id, the query text, the BM25 window (products
 * and first-phase scores) and the user's history from the training-period logs. The session's grades,
 * utilities and clicks are NOT exposed here, except to the explicitly named oracle rankers
 * (through {@link #session()}), which exist as sanity references.
 */
public record RankRequest(SimSession session, List<Product> products, float[] firstPassScores, UserHistory user) {

    /** The history entries a request would carry. */
    public List<HistoryItem> history() {
        return user.items();
    }

    public String query() {
        return session.query();
    }

    public String userId() {
        return session.user().id();
    }

    public int size() {
        return products.size();
    }
}
