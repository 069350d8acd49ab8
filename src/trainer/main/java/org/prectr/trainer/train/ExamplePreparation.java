package org.prectr.trainer.train;

import org.prectr.core.data.Judgments;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.QueryPreferenceEntry;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.features.UserPreferenceHistogram;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.data.DefaultFeatures;
import org.prectr.trainer.data.ExampleBuilder;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.data.FirstPhaseScores;
import org.prectr.trainer.data.Impression;
import org.prectr.trainer.data.QueryPreferenceMiner;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Example preparation of a run, before any weight exists: the text embedder, the mined cross-user
 * preferences (r_cate), the feature schema with standardisation statistics fitted on the training rows,
 * and the example tables built through the core (the same feature code the plugin runs).
 */
final class ExamplePreparation {
    private final TrainerConfig config;
    private final TrainingData data;
    final WordPieceTokenizer tokenizer;
    final TextEmbedder embedder;
    final List<QueryPreferenceEntry> entries;
    final FeatureSchema schema;
    final ExampleBuilder builder;
    private final int unexposed;
    private final ExampleTable judgedTrain;
    private final ExampleTable judgedValidation;

    ExamplePreparation(TrainerConfig config, TrainingData data, TextModel text) {
        this.config = config;
        this.data = data;
        int k = config.grades();
        tokenizer = new WordPieceTokenizer(text.vocabulary(), true);
        embedder = text.frozenOverride() != null ? text.frozenOverride()
            : new EncoderEmbedder(text.encoder(), tokenizer, config.queryMaxLength(), config.itemMaxLength());
        UserPreferenceHistogram histogram = new UserPreferenceHistogram(k, config.maxHistory(), config.temperature());

        List<Impression> trainImpressions = data.trainImpressions();
        entries = config.crossUserPreference()
            ? QueryPreferenceMiner.mine(trainImpressions, data.trainJudgments(), k, config.minPreferenceClicks())
            : List.of();
        QueryPreferenceTable table = config.crossUserPreference()
            ? QueryPreferenceTable.of(entries, k, config.similarityThreshold(), texts -> embedder.embed(texts, true))
            : null;

        boolean firstPhase = !config.firstPhaseFields().isEmpty();
        FeatureSchema raw = FeatureSchema.of(DefaultFeatures.specs(k, config.crossUserPreference(), firstPhase, config.historyMatchFields()), k,
            config.itemTextFields());
        ExampleBuilder rawBuilder = new ExampleBuilder(raw, embedder, histogram, table, data.products(),
            config.itemTextFields(), firstPhase ? FirstPhaseScores.over(data.products(), config.firstPhaseFields(),
                config.judgedCandidates() ? judgedCandidates(data) : null) : null);
        unexposed = firstPhase ? config.unexposedNegatives() : 0;
        ExampleTable rawLog = rawBuilder.fromImpressions(data.impressions(), data.trainJudgments(), data.trainJudgments(),
            unexposed, config.rescoreWindow(), config.seed() + 2);
        ExampleTable statsRows = rawLog.subset(trainMask(data, rawLog));
        if (statsRows.rows() == 0) {
            statsRows = rawBuilder.fromJudgments(data.trainJudgments());
        }
        schema = FeatureStandardiser.fit(raw, statsRows, config.itemTextFields());
        builder = rawBuilder.withSchema(schema);
        judgedTrain = builder.fromJudgments(data.trainJudgments());
        judgedValidation = data.validationJudgments() == null ? null : builder.fromJudgments(data.validationJudgments());
    }

    /**
     * The logged searches as examples: training queries' rows, and the shown rows of validation queries.
     *
     * @param historyGrades the grades of history clicks for r_u, or null (none yet, or inferred into the builder)
     */
    Examples examples(Judgments historyGrades) {
        ExampleTable log = builder.fromImpressions(data.impressions(), data.trainJudgments(), historyGrades,
            unexposed, config.rescoreWindow(), config.seed() + 2);
        boolean[] isTrain = trainMask(data, log);
        boolean[] isValidation = new boolean[isTrain.length];
        for (int r = 0; r < isTrain.length; r++) {
            // validation: the logged (shown) rows of validation queries only
            isValidation[r] = !isTrain[r] && log.positions()[r] >= 0;
        }
        return new Examples(log.subset(isTrain), log.subset(isValidation), judgedTrain, judgedValidation);
    }

    /** Per normalised query, its judged products (training and validation judgments): the graded windows. */
    static Map<String, Set<String>> judgedCandidates(TrainingData data) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Judgments j : Arrays.asList(data.trainJudgments(), data.validationJudgments())) {
            if (j == null) continue;
            j.byQuery().forEach((q, grades) -> out.computeIfAbsent(q, x -> new LinkedHashSet<>()).addAll(grades.keySet()));
        }
        return out;
    }

    /** @return per row, whether its query is a training query (not a validation one) */
    private static boolean[] trainMask(TrainingData data, ExampleTable log) {
        boolean[] mask = new boolean[log.rows()];
        for (int r = 0; r < log.rows(); r++) {
            String query = log.queryTexts().get(log.queryRow()[r]);
            boolean validation = data.validationJudgments() != null && data.validationJudgments().byQuery().containsKey(query);
            mask[r] = !validation;
        }
        return mask;
    }
}
