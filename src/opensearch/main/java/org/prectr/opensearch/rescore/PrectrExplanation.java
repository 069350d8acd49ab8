package org.prectr.opensearch.rescore;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.Explanation;
import org.prectr.core.inference.ScoredWindow;
import org.prectr.core.inference.WindowScores;
import org.prectr.opensearch.shard.RescoredWindows;

/**
 * Builds the {@code explain} of a rescored hit from the numbers that scored it: the final score (its
 * value, equal to the hit's score), the first-phase score, the model score, tau, the fused click
 * probability and, per grade, P(grade = i) and c_i, then every feature value by name.
 */
final class PrectrExplanation {

    private PrectrExplanation() {}

    /** Where the history came from, when the coordinating node prepared the request. */
    private static String history(PreparedRequest prepared) {
        if (prepared == null || prepared.onShards()) {
            return " prepared [on shard]";
        }
        PreparedRequest.HistoryOrigin origin = prepared.history();
        return " prepared [on coordinator] history [" + origin.source().jsonName() + "] entries [" + origin.entries() + "] inferred grades ["
            + origin.inferred() + "]";
    }

    static Explanation of(PrectrRescoreContext context, RescoredWindows.Window window, int row, Explanation firstPhase,
                          boolean cached) {
        PrectrRescorerBuilder request = context.request();
        ScoredWindow scored = window.scored();
        WindowScores scores = scored.scores();
        List<String> gradeNames = context.bundle().manifest().grades();

        List<Explanation> grades = new ArrayList<>();
        for (int i = 0; i < scores.grades(); i++) {
            float p = scores.gradeProb(row, i);
            float c = scores.clickProb(row, i);
            grades.add(Explanation.match(p * c, "grade [" + i + "] [" + gradeNames.get(i) + "]: P(grade = " + i + ") x c_" + i,
                Explanation.match(p, "P(grade = " + i + ")"), Explanation.match(c, "c_" + i + " = P(click | grade = " + i + ")")));
        }
        Explanation fused = Explanation.match((float) scores.fusedClick(row), "fused click probability sum_i c_i P(grade = i)", grades);
        Explanation tau = Explanation.match(scores.tau()[row], "tau, the personalised relevance incentive");
        List<Explanation> features = new ArrayList<>();
        for (int f = 0; f < scored.featureNames().size(); f++) {
            features.add(Explanation.match(scored.feature(row, f), scored.featureNames().get(f)));
        }
        Explanation model = Explanation.match(scores.score()[row], "model score = sigmoid(logit(fused click probability) + tau)",
            fused, tau, Explanation.match(0f, "features", features));
        Explanation first = Explanation.match(window.firstPhase()[row], "first-phase score", firstPhase);
        String user = context.user().id() == null ? "anonymous" : context.user().id();
        String description = "prectr [" + context.modelName() + "] version [" + context.bundle().manifest().version() + "] user ["
            + user + "] score_mode [" + request.scoreMode().jsonName() + "] query_weight [" + request.queryWeight()
            + "] rescore_weight [" + request.rescoreWeight() + "]" + history(request.prepared())
            + (cached ? "" : " (window no longer held: this hit scored alone, window-relative features may differ)");
        return Explanation.match(window.finalScores()[row], description, first, model);
    }
}
