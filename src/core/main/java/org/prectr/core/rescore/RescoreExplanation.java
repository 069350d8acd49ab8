package org.prectr.core.rescore;

import java.util.ArrayList;
import java.util.List;
import org.prectr.core.inference.ScoredWindow;
import org.prectr.core.inference.WindowScores;

/**
 * The {@code explain} of a rescored hit, built from the numbers that scored it (docs/request.md): the
 * final score (its value, equal to the hit's score), the first-phase score, the model score, tau, the
 * fused click probability and, per grade, P(grade = i) and c_i, then every feature value by name.
 * The first-phase detail is the engine's own explanation of the first-phase score, so the plugin
 * assembles the top node: {@code final(description, first-phase(engine's), model)}.
 *
 * @param finalScore the hit's final score, the explanation's value
 * @param description the top node's description (bundle, version, user, score_mode, weights)
 * @param firstPhaseScore the hit's first-phase score
 * @param model the model score's explanation
 */
public record RescoreExplanation(float finalScore, String description, float firstPhaseScore, ExplanationNode model) {

    /** The first-phase node's description; its detail is the engine's explanation of the first phase. */
    public static final String FIRST_PHASE = "first-phase score";

    /**
     * @param modelName the served bundle's name
     * @param bundleVersion its manifest version
     * @param gradeNames its grade names
     * @param userId the user id, or null when anonymous
     * @param scoreMode the request's score mode
     * @param queryWeight the request's {@code query_weight}
     * @param rescoreWeight the request's {@code rescore_weight}
     * @param window the scored window
     * @param row the hit's row in it
     * @param cached false when the window was no longer held and the hit was scored alone
     * @return the explanation
     */
    public static RescoreExplanation of(String modelName, String bundleVersion, List<String> gradeNames, String userId,
                                        ScoreMode scoreMode, float queryWeight, float rescoreWeight, RescoredWindow window,
                                        int row, boolean cached) {
        ScoredWindow scored = window.scored();
        WindowScores scores = scored.scores();
        List<ExplanationNode> grades = new ArrayList<>();
        for (int i = 0; i < scores.grades(); i++) {
            float p = scores.gradeProb(row, i);
            float c = scores.clickProb(row, i);
            grades.add(ExplanationNode.of(p * c, "grade [" + i + "] [" + gradeNames.get(i) + "]: P(grade = " + i + ") x c_" + i,
                ExplanationNode.of(p, "P(grade = " + i + ")"), ExplanationNode.of(c, "c_" + i + " = P(click | grade = " + i + ")")));
        }
        ExplanationNode fused = new ExplanationNode((float) scores.fusedClick(row), "fused click probability sum_i c_i P(grade = i)",
            grades);
        ExplanationNode tau = ExplanationNode.of(scores.tau()[row], "tau, the personalised relevance incentive (with the bundle's relevance weight x expected gain blended in)");
        List<ExplanationNode> features = new ArrayList<>();
        for (int f = 0; f < scored.featureNames().size(); f++) {
            features.add(ExplanationNode.of(scored.feature(row, f), scored.featureNames().get(f)));
        }
        ExplanationNode model = ExplanationNode.of(scores.score()[row], "model score = sigmoid(logit(fused click probability) + tau)",
            fused, tau, new ExplanationNode(0f, "features", features));
        String description = "prectr [" + modelName + "] version [" + bundleVersion + "] user ["
            + (userId == null ? "anonymous" : userId) + "] score_mode [" + scoreMode.jsonName() + "] query_weight [" + queryWeight
            + "] rescore_weight [" + rescoreWeight + "]"
            + (cached ? "" : " (window no longer held: this hit scored alone, window-relative features may differ)");
        return new RescoreExplanation(window.finalScores()[row], description, window.firstPhase()[row], model);
    }
}
