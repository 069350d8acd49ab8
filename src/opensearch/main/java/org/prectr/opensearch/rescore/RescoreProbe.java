package org.prectr.opensearch.rescore;

import java.util.function.Consumer;

/**
 * A test hook, one per node: called at every cancellation check of a {@code prectr} rescore, just before
 * the check, with the rescore's {@link SearchDeadline} (null when the search has no timeout).
 *
 * <p>Why it exists: a test of cancellation in the middle of a rescore must know that the rescore has
 * started and has not finished when the task is cancelled. Without a hook that is a race against the
 * rescore's duration (flaky on a loaded machine); with it, a test parks the rescore at its first check,
 * cancels the task or lets the timeout pass, then releases it, and asserts that the very next check stops
 * it. Nothing in production sets it; unset, it costs one volatile read per check.
 */
public final class RescoreProbe {

    private volatile Consumer<SearchDeadline> hook;

    /** @param hook called before each check, or null to remove the hook */
    public void set(Consumer<SearchDeadline> hook) {
        this.hook = hook;
    }

    void reached(SearchDeadline deadline) {
        Consumer<SearchDeadline> current = hook;
        if (current != null) {
            current.accept(deadline);
        }
    }
}
