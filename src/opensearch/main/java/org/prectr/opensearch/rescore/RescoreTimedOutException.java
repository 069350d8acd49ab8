package org.prectr.opensearch.rescore;

import org.opensearch.core.tasks.TaskCancelledException;

/**
 * Thrown inside a rescore whose search ran past its {@code timeout}; {@link PrectrRescorer} catches it,
 * marks the shard's result timed out and returns the first-phase hits. A {@link TaskCancelledException}
 * so that the node stats count it with the cancelled rescores.
 */
final class RescoreTimedOutException extends TaskCancelledException {

    RescoreTimedOutException(SearchDeadline deadline) {
        super("[prectr] rescore stopped: the search ran past its timeout [" + deadline.timeout() + "]");
    }
}
