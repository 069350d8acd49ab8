package org.prectr.eval.rank;

import org.prectr.eval.sim.SimSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Users' histories at test time, built from their training-period sessions (the simulated logs, the
 * only thing a model may know about a user): one entry per click, in time order, and one unclicked
 * entry for a session without a click, at most {@link #MAX_ENTRIES} (the request's limit, newest
 * kept); plus per-grade shown and clicked counts over all their impressions.
 */
public final class UserHistories {
    /** The request contract's limit on history entries. */
    public static final int MAX_ENTRIES = 100;

    private final Map<Integer, UserHistory> byUser;

    private UserHistories(Map<Integer, UserHistory> byUser) {
        this.byUser = byUser;
    }

    /** Builds the histories from time-ordered training sessions. */
    public static UserHistories fromSessions(List<SimSession> trainSessions) {
        Map<Integer, List<HistoryItem>> items = new HashMap<>();
        Map<Integer, int[][]> counts = new HashMap<>();
        for (SimSession s : trainSessions) {
            List<HistoryItem> list = items.computeIfAbsent(s.user().index(), u -> new ArrayList<>());
            int[][] c = counts.computeIfAbsent(s.user().index(), u -> new int[2][5]);
            boolean any = false;
            for (int p = 0; p < s.shown(); p++) {
                int g = s.grades()[p] < 0 ? UserHistory.UNGRADED : s.grades()[p];
                c[0][g]++;
                if (s.clicks()[p]) {
                    c[1][g]++;
                    list.add(new HistoryItem(s.query(), s.window().get(p).productId(), s.grades()[p], true));
                    any = true;
                }
            }
            if (!any) list.add(new HistoryItem(s.query(), null, -1, false));
        }
        Map<Integer, UserHistory> byUser = new HashMap<>();
        for (Map.Entry<Integer, List<HistoryItem>> e : items.entrySet()) {
            List<HistoryItem> all = e.getValue();
            int[][] c = counts.get(e.getKey());
            byUser.put(e.getKey(), new UserHistory(all.subList(Math.max(0, all.size() - MAX_ENTRIES), all.size()), c[0], c[1]));
        }
        return new UserHistories(byUser);
    }

    /** The history of a user (empty for a user with no past sessions). */
    public UserHistory of(int userIndex) {
        return byUser.getOrDefault(userIndex, UserHistory.empty());
    }

    /**
     * The same histories handed to other users: user i gets the history of user perm[i], for a random
     * permutation drawn from the seed. Used by the sanity check that shuffling user ids removes the
     * personalisation gain.
     */
    public UserHistories shuffled(int users, long seed) {
        int[] perm = new int[users];
        for (int i = 0; i < users; i++) perm[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = users - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        Map<Integer, UserHistory> moved = new HashMap<>();
        for (int i = 0; i < users; i++) {
            UserHistory h = byUser.get(perm[i]);
            if (h != null) moved.put(i, h);
        }
        return new UserHistories(moved);
    }

    /** No history for anyone (every user anonymous). */
    public static UserHistories none() {
        return new UserHistories(Map.of());
    }
}
