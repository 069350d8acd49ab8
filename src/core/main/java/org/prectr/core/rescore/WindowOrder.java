package org.prectr.core.rescore;

import java.util.ArrayList;
import java.util.List;

import java.util.Arrays;

/**
 * The shard's new hit order after a rescore, computed the same way by both engines: the window (the
 * first {@code finalScores.length} hits) with its final scores, sorted by score descending then doc
 * ascending; then the hits below the window in their first-phase order. Their first-phase scores are
 * not comparable with model scores, so each is capped just under the score before it: the order stays,
 * and the list stays sorted by score. A window row whose final score is NaN (the model gave no finite
 * output for it) is left unscored: it keeps its first-phase order below the scored rows, with the hits
 * below the window.
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
        List<Integer> scoredRows = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            // a NaN final score: the model gave no finite output for the row (counted by the caller)
            if (Float.isNaN(finalScores[r]) == false) {
                scoredRows.add(r);
            }
        }
        scoredRows.sort((a, b) -> {
            int byScore = Float.compare(finalScores[b], finalScores[a]);
            return byScore != 0 ? byScore : Integer.compare(docs[a], docs[b]);
        });
        int[] from = new int[n];
        float[] out = new float[n];
        int next = 0;
        for (int r : scoredRows) {
            from[next] = r;
            out[next++] = finalScores[r];
        }
        // then, in first-phase order, the window's unscored rows and the hits below the window
        float ceiling = next > 0 ? out[next - 1] : Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (i < rows && Float.isNaN(finalScores[i]) == false) {
                continue;
            }
            float score = Math.min(scores[i], Math.nextDown(ceiling));
            from[next] = i;
            out[next++] = score;
            ceiling = score;
        }
        return new Reordered(from, out);
    }
}
