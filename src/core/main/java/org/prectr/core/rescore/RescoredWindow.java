package org.prectr.core.rescore;

import java.util.Arrays;
import org.prectr.core.inference.ScoredWindow;

/**
 * One scored rescore window as the engines keep it for {@code explain}: top-level doc ids in window
 * (first-phase) order, their first-phase and final scores, and the model's outputs.
 *
 * @param docs top-level doc ids, window order
 * @param firstPhase first-phase scores, window order
 * @param finalScores final scores after {@code score_mode}, window order
 * @param scored the model outputs and assembled features
 */
public record RescoredWindow(int[] docs, float[] firstPhase, float[] finalScores, ScoredWindow scored) {

    /**
     * @param doc a top-level doc id
     * @return its row, or -1
     */
    public int rowOf(int doc) {
        for (int i = 0; i < docs.length; i++) {
            if (docs[i] == doc) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "Window" + Arrays.toString(docs);
    }
}
