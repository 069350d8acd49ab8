package org.prectr.trainer.train;

import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.trainer.data.Impression;

import java.util.List;
import java.util.Map;

/**
 * What a training run reads: the catalogue, graded judgments of the training and validation queries
 * (the split is by query: eval/splits), and logged impressions. Impressions whose query is a
 * validation query are held out for the click metrics; all others train.
 *
 * @param products the catalogue by id
 * @param trainJudgments grades of the training queries (stage 1, consistency CE, r_cate, history grades)
 * @param validationJudgments grades of the validation queries, or null
 * @param impressions impressions in chronological order
 */
public record TrainingData(Map<String, Product> products, Judgments trainJudgments, Judgments validationJudgments,
                           List<Impression> impressions) {

    public TrainingData {
        impressions = List.copyOf(impressions);
    }

    /** @return true if the impression's query is a validation query */
    boolean isValidation(Impression i) {
        return validationJudgments != null && validationJudgments.byQuery().containsKey(i.query());
    }

    /** @return the training impressions (not of validation queries) */
    public List<Impression> trainImpressions() {
        return impressions.stream().filter(i -> !isValidation(i)).toList();
    }
}
