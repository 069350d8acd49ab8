package org.prectr.core.inference;

import java.util.List;

/**
 * What {@link WindowScorer#score} returns: the scorer's outputs and the feature values it was given
 * (for {@code explain}).
 *
 * @param scores the scorer's outputs
 * @param features the assembled features, row-major rows x F
 * @param featureNames the F feature names, in column order
 */
public record ScoredWindow(WindowScores scores, float[] features, List<String> featureNames) {

    /**
     * @param row a row
     * @param feature a column
     * @return the value of that feature for that row
     */
    public float feature(int row, int feature) {
        return features[row * featureNames.size() + feature];
    }
}
