package org.prectr.opensearch.rescore;

import org.opensearch.common.unit.TimeValue;
import org.opensearch.index.shard.SearchOperationListener;
import org.opensearch.search.SearchService;
import org.opensearch.search.internal.SearchContext;
import org.opensearch.search.rescore.RescoreContext;

/**
 * Gives each {@code prectr} rescore of a shard request its search's {@link SearchDeadline}, just before
 * the query phase starts (the rescore contexts are parsed by then). The rescorer receives only a
 * searcher, and OpenSearch removes the timeout check from it before the rescore phase; this listener is
 * the plugin API that sees the {@link SearchContext}. Like the query phase, a scroll has no timeout.
 * It also hands over the shard's search task, so that a cancelled task stops the rescore even where
 * {@code search.low_level_cancellation} is off (the searcher then carries no cancellation check; the
 * rescore's own checks, one per 64 rows, cost nothing next to the model), and whether the search asks
 * for {@code explain} (only then is the scored window kept for the fetch phase).
 */
public final class PrectrSearchListener implements SearchOperationListener {

    @Override
    public void onPreQueryPhase(SearchContext searchContext) {
        if (searchContext.rescore() == null || searchContext.rescore().isEmpty()) {
            return;
        }
        TimeValue timeout = searchContext.timeout();
        boolean timed = timeout != null && timeout.equals(SearchService.NO_TIMEOUT) == false && searchContext.scrollContext() == null;
        SearchDeadline deadline = null;
        for (RescoreContext rescore : searchContext.rescore()) {
            if (rescore instanceof PrectrRescoreContext prectr) {
                if (timed && deadline == null) {
                    long start = searchContext.getRelativeTimeInMillis();
                    deadline = new SearchDeadline(timeout, searchContext::getRelativeTimeInMillis, start + timeout.millis(),
                        () -> searchContext.queryResult().searchTimedOut(true));
                }
                prectr.deadline(deadline);
                prectr.task(searchContext.getTask());
                prectr.explain(searchContext.explain());
            }
        }
    }
}
