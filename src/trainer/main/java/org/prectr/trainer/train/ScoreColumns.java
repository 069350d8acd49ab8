package org.prectr.trainer.train;

/**
 * A trained model's outputs for every row of an example table, row-major like the scorer graph's.
 *
 * @param rows number of rows
 * @param grades k
 * @param gradeProbs rows x k, P(grade = i | x)
 * @param clickProbs rows x k, P(click | grade = i, x)
 * @param tau rows, the incentive
 * @param score rows, sigmoid(logit(sum_i c_i p_i) + tau)
 */
public record ScoreColumns(int rows, int grades, float[] gradeProbs, float[] clickProbs, float[] tau, float[] score) {

    /** @return per row, the expected grade sum_i i p_i (the relevance model's ranking score) */
    public float[] expectedGrade() {
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            double e = 0;
            for (int i = 0; i < grades; i++) {
                e += i * gradeProbs[r * grades + i];
            }
            out[r] = (float) e;
        }
        return out;
    }
}
