package org.prectr.eval.rank;

import java.util.List;

/**
 * What the training-period logs say about one user: the history entries a request would carry
 * (clicks, and sessions without one) and, per grade (0..3; index 4 = ungraded), how many products
 * the user was shown and clicked. Shuffled as a whole by the shuffled-users sanity check.
 */
public record UserHistory(List<HistoryItem> items, int[] shownByGrade, int[] clickedByGrade) {
    /** Index of ungraded products in the per-grade counts. */
    public static final int UNGRADED = 4;

    public UserHistory {
        items = List.copyOf(items);
    }

    public static UserHistory empty() {
        return new UserHistory(List.of(), new int[5], new int[5]);
    }
}
