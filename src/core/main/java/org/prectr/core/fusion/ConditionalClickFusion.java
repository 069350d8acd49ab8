package org.prectr.core.fusion;

/**
 * PRECTR's conditional probability fusion: P(click | x) = sum_i P(click | grade = i, x) P(grade = i | x).
 * The scorer graph computes the same value; this Java version serves {@code explain}, the trainer's
 * checks and the parity tests between the graph and the Java code.
 */
public final class ConditionalClickFusion {

    private ConditionalClickFusion() {}

    /**
     * @param gradeProbs P(grade = i | x) for i in [0, k)
     * @param clickProbs P(click | grade = i, x) for i in [0, k)
     * @return sum_i c_i p_i
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static double fuse(double[] gradeProbs, double[] clickProbs) {
        if (gradeProbs.length != clickProbs.length || gradeProbs.length == 0) {
            throw new IllegalArgumentException("[click_probs] must have the length of [grade_probs] ["
                + gradeProbs.length + "] but had [" + clickProbs.length + "]");
        }
        double sum = 0;
        for (int i = 0; i < gradeProbs.length; i++) {
            sum += clickProbs[i] * gradeProbs[i];
        }
        return sum;
    }

    /**
     * The fused click probability of one row of row-major [rows, k] arrays, as the scorer returns them.
     *
     * @param gradeProbs row-major P(grade = i | x)
     * @param clickProbs row-major P(click | grade = i, x)
     * @param row the row
     * @param k the number of grades
     * @return sum_i c_i p_i for that row
     */
    public static double fuse(float[] gradeProbs, float[] clickProbs, int row, int k) {
        int offset = row * k;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += (double) clickProbs[offset + i] * gradeProbs[offset + i];
        }
        return sum;
    }
}
