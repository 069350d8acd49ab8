package org.prectr.trainer.train;

import org.prectr.core.data.EsciGrade;
import org.prectr.trainer.data.ExampleTable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of an epoch on the held-out queries: click AUC on their logged rows, and NDCG@10 of the
 * score and of the relevance head's expected gain on their judged products. Best-epoch selection reads them.
 */
final class Validation {
    private Validation() {}

    /**
     * @param model the model as trained so far
     * @param examples the run's tables (the validation ones are read)
     * @param grades the number of grades
     * @return the metrics by name ({@code validation_click_auc}, {@code validation_ndcg10_score},
     *     {@code validation_ndcg10_relevance}), those whose data exist
     */
    static Map<String, Double> of(TrainedModel model, Examples examples, int grades) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        ExampleTable log = model.current(examples.validationLog());
        if (log.loggedRows() > 0) {
            metrics.put("validation_click_auc", Metrics.auc(model.score(log).score(), log.clicks()));
        }
        if (examples.judgedValidation() != null) {
            ExampleTable judged = model.current(examples.judgedValidation());
            ScoreColumns s = model.score(judged);
            metrics.put("validation_ndcg10_score", Metrics.ndcg(s.score(), judged.grades(), judged.group(), 10));
            metrics.put("validation_ndcg10_relevance",
                Metrics.ndcg(s.expectedGain(EsciGrade.gains(grades)), judged.grades(), judged.group(), 10));
        }
        return metrics;
    }
}
