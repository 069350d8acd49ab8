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

    /**
     * @param gains the gain of each grade
     * @return per row, the expected gain sum_i gain_i p_i: the relevance head's ranking score (under NDCG with
     *     these gains, ordering by expected gain is what maximises the expected DCG of the list)
     */
    public float[] expectedGain(float[] gains) {
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            double e = 0;
            for (int i = 0; i < grades; i++) {
                e += gains[i] * gradeProbs[r * grades + i];
            }
            out[r] = (float) e;
        }
        return out;
    }
}
