package org.prectr.opensearch.rescore;

import java.util.function.LongSupplier;
import org.opensearch.common.unit.TimeValue;

/**
 * A search's {@code timeout} as the rescore phase sees it. OpenSearch 3.8 checks the timeout only while
 * the main query collects: it removes its check from the shard's searcher before the rescore phase, so
 * a long rescore would run to completion past the timeout. {@link PrectrSearchListener} hands each
 * {@code prectr} rescore this deadline, computed from the same shard clock and start as the query
 * phase's own check, and the rescore stops when it has passed.
 *
 * @param timeout the search's timeout
 * @param clock the shard's relative clock in milliseconds (the search context's, as the query phase uses)
 * @param deadlineMillis the clock value after which the search has timed out
 * @param onTimeout marks the shard's result as timed out ({@code "timed_out": true} in the response)
 */
public record SearchDeadline(TimeValue timeout, LongSupplier clock, long deadlineMillis, Runnable onTimeout) {

    /** @return whether the clock is past the deadline (the query phase's own test: strictly after) */
    public boolean passed() {
        return clock.getAsLong() > deadlineMillis;
    }
}
