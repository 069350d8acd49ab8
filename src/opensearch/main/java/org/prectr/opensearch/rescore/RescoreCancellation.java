package org.prectr.opensearch.rescore;

import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.IndexSearcher;
import org.opensearch.core.tasks.TaskCancelledException;

/**
 * Stops a rescore whose search was cancelled or timed out. OpenSearch 3.8 gives a rescorer no task; it
 * registers the task-cancellation and timeout checks on the shard's {@code ContextIndexSearcher} as its
 * Lucene {@link QueryTimeout}, whose {@code shouldExit()} runs them. A searcher without one (plain
 * Lucene, unit tests) never stops.
 */
final class RescoreCancellation {

    private final QueryTimeout timeout;

    /**
     * @param searcher the shard's searcher
     */
    RescoreCancellation(IndexSearcher searcher) {
        this.timeout = searcher.getTimeout();
    }

    /**
     * @throws TaskCancelledException when the search was cancelled or ran past its timeout
     */
    void check() {
        if (timeout != null && timeout.shouldExit()) {
            throw new TaskCancelledException("[prectr] rescore stopped: the search was cancelled or timed out");
        }
    }
}
