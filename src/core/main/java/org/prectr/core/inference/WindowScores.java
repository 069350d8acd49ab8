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
