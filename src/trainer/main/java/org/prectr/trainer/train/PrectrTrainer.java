package org.prectr.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.inference.HistoryGradeInference;
import org.prectr.trainer.model.PrectrScorer;
import org.prectr.trainer.model.ScorerLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains PRECTR / PRECTR-V2 (stages 1 and 2; stage 0, the encoder, is the encoder package's) and returns
 * a {@link TrainedModel} that scores examples and exports the bundle. This class sequences the parts, each
 * in its own class: {@link ExamplePreparation} (examples through the core, standardisation stats),
 * {@link Stage1Loop} (the RSL head pretrained on grades), optional history grades inferred by that head,
 * {@link Stage2Loop} (everything jointly on clicks: the weighted {@link Stage2Term}s, {@link HardNegatives}),
 * {@link Validation} per epoch and {@link BestEpoch} selection; every optimiser step goes through
 * {@code optim.GradientStep}.
 *
 * <p>Reproducible: parameter initialisation, shuffling and noise come from Java random sources seeded
 * by {@link TrainerConfig#seed()}; the engine seed is set for the encoder's dropout.
 */
public final class PrectrTrainer {
    private final TrainerConfig config;
    private final boolean progress;

    /**
     * @param config the options
     * @param progress show progress bars on stderr
     */
    public PrectrTrainer(TrainerConfig config, boolean progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * @param data the inputs
     * @param text the vocabulary and encoder
     * @return the trained model (close it to free its tensors)
     */
    public TrainedModel train(TrainingData data, TextModel text) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        ExamplePreparation prepared = new ExamplePreparation(config, data, text);
        FeatureSchema schema = prepared.schema;
        boolean inferred = config.historyGrades() == HistoryGradeSource.INFERRED;
        // with inferred history grades, r_u is built after stage 1 (below); until then history has no grades
        Examples examples = prepared.examples(inferred ? null : data.trainJudgments());

        NDManager manager = NDManager.newBaseManager();
        PrectrScorer scorer = new PrectrScorer(layout(schema, prepared.embedder.dim()), manager, config.seed());
        TrainedModel model = new TrainedModel(config, schema, scorer, text, prepared.tokenizer, prepared.embedder,
            prepared.entries, manager);
        TrainingRun run = new TrainingRun(config, model, examples, prepared.tokenizer, progress);
        if (config.stage1() && config.stage1Epochs() > 0) {
            Stage1Loop stage1 = new Stage1Loop(run);
            BestEpoch best = new BestEpoch("validation_ndcg10_relevance", List.of(scorer.parameters().parameters()));
            for (int epoch = 1; epoch <= config.stage1Epochs(); epoch++) {
                EpochRecord record = stage1.epoch(epoch);
                model.addRecord(record);
                best.offer(record);
            }
            if (config.selectBestEpoch()) {
                model.select(1, best.metric(), best.restore());
            }
        }
        if (inferred && config.stage2Epochs() > 0 && examples.train().loggedRows() > 0) {
            long started = System.nanoTime();
            int pairs = prepared.builder.inferHistoryGrades(data.impressions(),
                new HistoryGradeInference(schema, new DjlScorerModel(scorer, manager)));
            examples = prepared.examples(null);
            run.useExamples(examples);
            System.err.printf(java.util.Locale.ROOT, "history grades inferred by the stage-1 relevance head for %d clicked pairs"
                + " (%.1f s)%n", pairs, (System.nanoTime() - started) / 1e9);
        }
        if (config.stage2Epochs() > 0 && examples.train().loggedRows() > 0) {
            Stage2Loop stage2 = new Stage2Loop(run);
            List<Map<String, NDArray>> weights = new ArrayList<>(List.of(scorer.parameters().parameters()));
            if (run.fineTunesEncoder()) {
                weights.add(text.encoder().parametersFrom(run.frozenLayers(text.encoder())));
            }
            BestEpoch best = new BestEpoch(examples.validationLog().loggedRows() > 0 ? "validation_click_auc"
                : "validation_ndcg10_score", weights);
            for (int epoch = 1; epoch <= config.stage2Epochs(); epoch++) {
                EpochRecord record = stage2.epoch(epoch);
                model.addRecord(record);
                best.offer(record);
            }
            if (config.selectBestEpoch()) {
                model.select(2, best.metric(), best.restore());
            }
        }
        RelevanceWeightSelection.choose(model, examples, config.relevanceWeights());
        return model;
    }

    /** The columns each part reads, from the features' sources (never from a list of names). */
    ScorerLayout layout(FeatureSchema schema, int dim) {
        List<Integer> relevance = new ArrayList<>();
        Map<Integer, Integer> user = new TreeMap<>();
        Map<Integer, Integer> query = new TreeMap<>();
        List<Integer> incentive = new ArrayList<>();
        List<FeatureSpec> specs = schema.specs();
        for (int j = 0; j < specs.size(); j++) {
            FeatureSpec s = specs.get(j);
            switch (s.source()) {
                case MATCH -> relevance.add(j);
                case FIRST_PASS -> {
                    // the first-phase score feeds the click tower always, the RSL head when the option says so
                    if (config.relevanceFirstPhase()) {
                        relevance.add(j);
                    }
                }
                case USER_PREFERENCE -> user.put(s.grade(), j);
                case QUERY_PREFERENCE -> {
                    if (s.grade() != null) {
                        query.put(s.grade(), j);
                    } else {
                        incentive.add(j);
                    }
                }
                case DOC_NUMERIC, DOC_KEYWORD, USER_HISTORY, HISTORY_MATCH -> incentive.add(j);
                default -> { }
            }
        }
        return new ScorerLayout(dim, specs.size(), config.grades(), relevance, new ArrayList<>(user.values()),
            new ArrayList<>(query.values()), incentive, config.rslHidden(), config.towerHidden(),
            config.incentiveHidden(), config.queryProjection(), config.incentive(), config.fusion(),
            config.relevanceInput());
    }
}
