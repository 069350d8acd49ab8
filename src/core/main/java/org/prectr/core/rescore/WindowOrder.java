package org.prectr.core.rescore;

import java.util.Arrays;

/**
 * The shard's new hit order after a rescore, computed the same way by both engines: the window (the
 * first {@code finalScores.length} hits) with its final scores, sorted by score descending then doc
 * ascending; then the hits below the window in their first-phase order. Their first-phase scores are
 * not comparable with model scores, so each is capped just under the score before it: the order stays,
 * and the list stays sorted by score.
 */
public final class WindowOrder {

    private WindowOrder() {}

    /**
     * @param from for each new position, the hit's index in first-phase order
     * @param scores for each new position, the hit's new score
     */
    public record Reordered(int[] from, float[] scores) {
    }

    /**
     * @param docs every hit's doc id, first-phase order
     * @param scores every hit's first-phase score, first-phase order
     * @param finalScores the window's final scores, first-phase order ({@code 1 <= length <= docs.length})
     * @return the new order and scores
     */
    public static Reordered reorder(int[] docs, float[] scores, float[] finalScores) {
        int rows = finalScores.length;
        int n = docs.length;
        Integer[] window = new Integer[rows];
        for (int r = 0; r < rows; r++) {
            window[r] = r;
        }
        Arrays.sort(window, (a, b) -> {
            int byScore = Float.compare(finalScores[b], finalScores[a]);
            return byScore != 0 ? byScore : Integer.compare(docs[a], docs[b]);
        });
        int[] from = new int[n];
        float[] out = new float[n];
        for (int i = 0; i < rows; i++) {
            from[i] = window[i];
            out[i] = finalScores[window[i]];
        }
        float ceiling = out[rows - 1];
        for (int i = rows; i < n; i++) {
            float score = Math.min(scores[i], Math.nextDown(ceiling));
            from[i] = i;
            out[i] = score;
            ceiling = score;
        }
        return new Reordered(from, out);
    }
}
