package org.prectr.trainer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses w, the weight of the relevance head's expected gain in the served score
 * ({@link org.prectr.trainer.model.PrectrScorer#relevanceWeight(float)}), after stage 2: every candidate of
 * {@link TrainerConfig#relevanceWeights()} is tried on the validation queries and the one with the best NDCG@10 of
 * the score plus click AUC is kept, the two numbers a search team weighs (and the objective the evaluation's
 * {@code fused_rule} baseline is tuned on); NDCG@10 alone without logged validation impressions. Ties: the smaller
 * weight, so 0 wins when the weight does not help. Both metrics of each candidate are in the training report. Without validation data the first candidate is kept.
 * A model whose score has no relevance head trained on grades (no fusion; or neither stage 1 nor the
 * consistency cross-entropy) keeps w = 0.
 */
final class RelevanceWeightSelection {
    /** How much better a larger weight must be to be preferred (validation metrics are noisy in their 4th digit). */
    static final double MIN_GAIN = 1e-4;

    /**
     * One candidate's validation metrics.
     *
     * @param weight w
     * @param ndcg10Score NDCG@10 (ESCI gains) of the score on the validation queries' judged products (NaN: no data)
     * @param clickAuc click AUC on the validation queries' logged impressions (NaN: no data)
     */
    record Candidate(float weight, double ndcg10Score, double clickAuc) {}

    private RelevanceWeightSelection() {}

    /**
     * Tries every candidate, leaves the scorer at the chosen one and records the trial in the model.
     *
     * @param model the trained model (its scorer's weight is changed)
     * @param examples the run's tables (the validation ones are read)
     * @param weights the candidates, in order
     * @return the chosen weight
     */
    static float choose(TrainedModel model, Examples examples, List<Float> weights) {
        int grades = model.config().grades();
        List<Candidate> tried = new ArrayList<>();
        float best = weights.get(0);
        double bestObjective = Double.NEGATIVE_INFINITY;
        TrainerConfig config = model.config();
        boolean headLearnsGrades = (config.stage1() && config.stage1Epochs() > 0) || config.consistencyCe();
        if (!config.fusion() || !headLearnsGrades) {
            // no relevance head trained on grades in the score (a plain click model): nothing to blend
            model.scorer().relevanceWeight(0f);
            model.relevanceWeightTrial(tried);
            return 0f;
        }
        if (weights.size() > 1 && examples.judgedValidation() != null) {
            for (float w : weights) {
                model.scorer().relevanceWeight(w);
                Map<String, Double> m = Validation.of(model, examples, grades);
                double ndcg = m.getOrDefault("validation_ndcg10_score", Double.NaN);
                double auc = m.getOrDefault("validation_click_auc", Double.NaN);
                tried.add(new Candidate(w, ndcg, auc));
                double objective = Double.isNaN(auc) ? ndcg : ndcg + auc;
                if (objective > bestObjective + MIN_GAIN) {
                    bestObjective = objective;
                    best = w;
                }
            }
        }
        model.scorer().relevanceWeight(best);
        model.relevanceWeightTrial(tried);
        return best;
    }
}
