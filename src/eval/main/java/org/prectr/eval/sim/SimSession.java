package org.prectr.eval.sim;

import org.prectr.trainer.search.SearchHit;

import java.time.Instant;
import java.util.List;

/**
 * One simulated search session: a user issues a real query, sees the BM25 top of the window, clicks.
 * The window (BM25 top-k) carries the real grades and the simulated ground-truth utility of every
 * candidate, so rankers can be scored on it.
 *
 * @param queryId    UBI {@code query_id}
 * @param sessionId  UBI {@code session_id}
 * @param phase      {@code train} or {@code test}
 * @param user       who searched
 * @param query      the real query text
 * @param timestamp  when
 * @param window     BM25 top-k, best first
 * @param grades     real ESCI grade of each window hit under the query, -1 when ungraded
 * @param utility    ground-truth utility of each window hit to this user
 * @param clicks     click on each shown position (the first {@code clicks.length} window hits)
 */
public record SimSession(String queryId, String sessionId, String phase, SimUser user, String query, Instant timestamp,
                         List<SearchHit> window, int[] grades, double[] utility, boolean[] clicks) {

    public SimSession {
        window = List.copyOf(window);
    }

    /** Number of impressions shown (the page). */
    public int shown() {
        return clicks.length;
    }

    public int clickCount() {
        int n = 0;
        for (boolean c : clicks) if (c) n++;
        return n;
    }
}
