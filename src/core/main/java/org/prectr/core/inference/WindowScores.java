package org.prectr.core.inference;

import org.prectr.core.fusion.ConditionalClickFusion;

/**
 * The scorer's outputs for one window, row-major in window order.
 *
 * @param rows the number of hits
 * @param grades k
 * @param gradeProbs P(grade = i | x), rows x k
 * @param clickProbs P(click | grade = i, x), rows x k
 * @param tau the personalised relevance incentive, one per row
 * @param score sigmoid(logit(sum_i c_i p_i) + tau), one per row: the model score
 */
public record WindowScores(int rows, int grades, float[] gradeProbs, float[] clickProbs, float[] tau, float[] score) {

    /** Checks the array sizes against rows and grades. */
    public WindowScores {
        check("grade_probs", gradeProbs.length, (long) rows * grades);
        check("click_probs", clickProbs.length, (long) rows * grades);
        check("tau", tau.length, rows);
        check("score", score.length, rows);
    }

    private static void check(String output, int length, long expected) {
        if (length != expected) {
            throw new IllegalArgumentException("[" + output + "] must hold [" + expected + "] values but had ["
                + length + "]");
        }
    }

    /**
     * A row whose outputs are not all finite (a model fault on that row's inputs, e.g. an item embedding
     * the item encoder turned into NaN) has no usable score; the caller keeps it unscored.
     *
     * @param row a row
     * @return whether every output of that row is finite
     */
    public boolean isFinite(int row) {
        if (Float.isFinite(score[row]) == false || Float.isFinite(tau[row]) == false) {
            return false;
        }
        for (int g = row * grades; g < (row + 1) * grades; g++) {
            if (Float.isFinite(gradeProbs[g]) == false || Float.isFinite(clickProbs[g]) == false) {
                return false;
            }
        }
        return true;
    }

    /** @return how many rows are not {@link #isFinite(int) finite} */
    public int nonFiniteRows() {
        int count = 0;
        for (int r = 0; r < rows; r++) {
            if (isFinite(r) == false) {
                count++;
            }
        }
        return count;
    }

    /**
     * @param row a row
     * @param grade a grade
     * @return P(grade | x) of that row
     */
    public float gradeProb(int row, int grade) {
        return gradeProbs[row * grades + grade];
    }

    /**
     * @param row a row
     * @param grade a grade
     * @return P(click | grade, x) of that row
     */
    public float clickProb(int row, int grade) {
        return clickProbs[row * grades + grade];
    }

    /**
     * @param row a row
     * @return the fused click probability sum_i c_i p_i of that row, computed in Java
     */
    public double fusedClick(int row) {
        return ConditionalClickFusion.fuse(gradeProbs, clickProbs, row, grades);
    }
}
