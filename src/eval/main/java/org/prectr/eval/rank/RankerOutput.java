package org.prectr.eval.rank;

/**
 * A ranker's scores for one window, one entry per candidate.
 *
 * @param score              the ranking score (higher first); also the click score for AUC and GAUC
 * @param relevance          the relevance head's score (e.g. expected grade) or null: ranks for relevance_ndcg10_esci
 * @param clickProbability   a calibrated click probability (the fused P(click)) or null: for the calibration plot
 */
public record RankerOutput(double[] score, double[] relevance, double[] clickProbability) {

    public static RankerOutput of(double[] score) {
        return new RankerOutput(score, null, null);
    }
}
