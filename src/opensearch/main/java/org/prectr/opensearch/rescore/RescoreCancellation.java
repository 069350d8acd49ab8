package org.prectr.opensearch.rescore;

import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.IndexSearcher;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.tasks.CancellableTask;

/**
 * Stops a rescore whose search was cancelled or timed out. OpenSearch 3.8 gives a rescorer only a
 * searcher, so {@link PrectrSearchListener} hands the rescore its shard's search task (checked first,
 * whatever {@code search.low_level_cancellation} says) and the search's {@link SearchDeadline}: the
 * query phase removes its own timeout check from the searcher before the rescore phase. Where low-level
 * cancellation is on, the shard's {@code ContextIndexSearcher} also carries a cancellation check as its
 * Lucene {@link QueryTimeout}; it is run too. Plain Lucene searchers (unit tests) have none of these.
 */
final class RescoreCancellation {

    private final QueryTimeout timeout;
    private final SearchDeadline deadline;
    private final CancellableTask task;
    private final RescoreProbe probe;

    /**
     * @param searcher the shard's searcher
     */
    RescoreCancellation(IndexSearcher searcher) {
        this(searcher, null, null, null);
    }

    /**
     * @param searcher the shard's searcher
     * @param deadline the search's timeout, or null
     * @param task the shard's search task, or null
     * @param probe the node's test hook, or null
     */
    RescoreCancellation(IndexSearcher searcher, SearchDeadline deadline, CancellableTask task, RescoreProbe probe) {
        this.timeout = searcher.getTimeout();
        this.deadline = deadline;
        this.task = task;
        this.probe = probe;
    }

    /**
     * @throws TaskCancelledException when the search was cancelled
     * @throws RescoreTimedOutException when it ran past its timeout
     */
    void check() {
        if (probe != null) {
            probe.reached(deadline);
        }
        if (task != null && task.isCancelled()) {
            throw new TaskCancelledException("[prectr] rescore stopped: the search task was cancelled [" + task.getReasonCancelled() + "]");
        }
        if (timeout != null && timeout.shouldExit()) {
            throw new TaskCancelledException("[prectr] rescore stopped: the search was cancelled or timed out");
        }
        if (deadline != null && deadline.passed()) {
            throw new RescoreTimedOutException(deadline);
        }
    }
}
