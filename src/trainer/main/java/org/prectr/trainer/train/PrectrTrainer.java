package org.prectr.trainer.train;

import org.prectr.core.inference.HistoryGradeInference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.QueryPreferenceEntry;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.features.UserPreferenceHistogram;
import org.prectr.core.text.TokenBatch;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.data.DefaultFeatures;
import org.prectr.trainer.data.ExampleBuilder;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.data.FirstPhaseScores;
import org.prectr.trainer.data.Judgments;
import org.prectr.trainer.data.Impression;
import org.prectr.trainer.data.QueryPreferenceMiner;
import org.prectr.trainer.encoder.DistilledEncoder;
import org.prectr.trainer.loss.ClickCrossEntropy;
import org.prectr.trainer.loss.ExaminationClickLoss;
import org.prectr.trainer.loss.GradeCrossEntropy;
import org.prectr.trainer.loss.MonotonicityHinge;
import org.prectr.trainer.loss.PairwiseMarginLoss;
import org.prectr.trainer.loss.RelevanceDistillation;
import org.prectr.trainer.model.PrectrScorer;
import org.prectr.trainer.model.ScorerLayout;
import org.prectr.trainer.model.ScorerOutputs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Trains PRECTR / PRECTR-V2 (stages 1 and 2; stage 0, the encoder, is the encoder package's): builds
 * examples through the core, fits standardisation stats, pretrains the RSL head on grades, then
 * trains everything jointly on clicks with the switched-on regularisers, and returns a
 * {@link TrainedModel} that scores examples and exports the bundle.
 *
 * <p>Reproducible: parameter initialisation, shuffling and noise come from Java random sources seeded
 * by {@link TrainerConfig#seed()}; the engine seed is set for the encoder's dropout.
 */
public final class PrectrTrainer {
    /** Display positions with their own examination probability (position-aware training); later ones share the last. */
    static final int EXAMINATION_SLOTS = 20;

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
        int k = config.grades();
        WordPieceTokenizer tokenizer = new WordPieceTokenizer(text.vocabulary(), true);
        TextEmbedder embedder = text.frozenOverride() != null ? text.frozenOverride()
            : new EncoderEmbedder(text.encoder(), tokenizer, config.queryMaxLength(), config.itemMaxLength());
        UserPreferenceHistogram histogram = new UserPreferenceHistogram(k, config.maxHistory(), config.temperature());

        List<Impression> trainImpressions = data.trainImpressions();
        List<QueryPreferenceEntry> entries = config.crossUserPreference()
            ? QueryPreferenceMiner.mine(trainImpressions, data.trainJudgments(), k, config.minPreferenceClicks())
            : List.of();
        QueryPreferenceTable table = config.crossUserPreference()
            ? QueryPreferenceTable.of(entries, k, config.similarityThreshold(), texts -> embedder.embed(texts, true))
            : null;

        boolean firstPhase = !config.firstPhaseFields().isEmpty();
        FeatureSchema raw = FeatureSchema.of(DefaultFeatures.specs(k, config.crossUserPreference(), firstPhase), k,
            config.itemTextFields());
        ExampleBuilder rawBuilder = new ExampleBuilder(raw, embedder, histogram, table, data.products(),
            config.itemTextFields(), firstPhase ? FirstPhaseScores.over(data.products(), config.firstPhaseFields(),
                config.judgedCandidates() ? judgedCandidates(data) : null) : null);
        int unexposed = firstPhase ? config.unexposedNegatives() : 0;
        ExampleTable rawLog = rawBuilder.fromImpressions(data.impressions(), data.trainJudgments(), data.trainJudgments(),
            unexposed, config.rescoreWindow(), config.seed() + 2);
        ExampleTable statsRows = rawLog.subset(trainMask(data, rawLog, true));
        if (statsRows.rows() == 0) {
            statsRows = rawBuilder.fromJudgments(data.trainJudgments());
        }
        FeatureSchema schema = FeatureStandardiser.fit(raw, statsRows, config.itemTextFields());
        ExampleBuilder builder = rawBuilder.withSchema(schema);

        boolean inferred = config.historyGrades() == HistoryGradeSource.INFERRED;
        ExampleTable judgedTrain = builder.fromJudgments(data.trainJudgments());
        ExampleTable judgedValidation = data.validationJudgments() == null ? null : builder.fromJudgments(data.validationJudgments());
        // with inferred history grades, r_u is built after stage 1 (below); until then history has no grades
        Examples examples = logExamples(data, builder, inferred ? null : data.trainJudgments(), unexposed, judgedTrain,
            judgedValidation);

        NDManager manager = NDManager.newBaseManager();
        PrectrScorer scorer = new PrectrScorer(layout(schema, embedder.dim()), manager, config.seed());
        TrainedModel model = new TrainedModel(config, schema, scorer, text, tokenizer, embedder, entries, manager);
        Run run = new Run(model, examples, tokenizer);
        if (config.stage1() && config.stage1Epochs() > 0) {
            BestEpoch best = new BestEpoch("validation_ndcg10_relevance", List.of(scorer.parameters().parameters()));
            for (int epoch = 1; epoch <= config.stage1Epochs(); epoch++) {
                EpochRecord record = run.stage1Epoch(epoch);
                model.addRecord(record);
                best.offer(record);
            }
            if (config.selectBestEpoch()) {
                model.select(1, best.metric(), best.restore());
            }
        }
        if (inferred && config.stage2Epochs() > 0 && examples.train().loggedRows() > 0) {
            long started = System.nanoTime();
            int pairs = builder.inferHistoryGrades(data.impressions(),
                new HistoryGradeInference(schema, new DjlScorerModel(scorer, manager)));
            examples = logExamples(data, builder, null, unexposed, judgedTrain, judgedValidation);
            run.useExamples(examples);
            System.err.printf(java.util.Locale.ROOT, "history grades inferred by the stage-1 relevance head for %d clicked pairs"
                + " (%.1f s)%n", pairs, (System.nanoTime() - started) / 1e9);
        }
        if (config.stage2Epochs() > 0 && examples.train().loggedRows() > 0) {
            run.prepareStage2();
            List<Map<String, NDArray>> weights = new ArrayList<>(List.of(scorer.parameters().parameters()));
            if (config.fineTuneEncoder() && text.usesEncoder()) {
                weights.add(text.encoder().parametersFrom(frozenLayers(text.encoder())));
            }
            BestEpoch best = new BestEpoch(examples.validationLog().loggedRows() > 0 ? "validation_click_auc"
                : "validation_ndcg10_score", weights);
            for (int epoch = 1; epoch <= config.stage2Epochs(); epoch++) {
                EpochRecord record = run.stage2Epoch(epoch);
                model.addRecord(record);
                best.offer(record);
            }
            if (config.selectBestEpoch()) {
                model.select(2, best.metric(), best.restore());
            }
        }
        return model;
    }

    /** The encoder layers below the fine-tuned top ones (0: the whole encoder trains). */
    private int frozenLayers(DistilledEncoder encoder) {
        return Math.max(0, encoder.config().layers() - config.fineTuneLayers());
    }

    /** The logged searches as examples: training queries' rows, and the shown rows of validation queries. */
    private Examples logExamples(TrainingData data, ExampleBuilder builder, Judgments historyGrades, int unexposed,
                                 ExampleTable judgedTrain, ExampleTable judgedValidation) {
        ExampleTable log = builder.fromImpressions(data.impressions(), data.trainJudgments(), historyGrades,
            unexposed, config.rescoreWindow(), config.seed() + 2);
        boolean[] isTrain = trainMask(data, log, true);
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

    private static boolean[] trainMask(TrainingData data, ExampleTable log, boolean train) {
        boolean[] mask = new boolean[log.rows()];
        for (int r = 0; r < log.rows(); r++) {
            String query = log.queryTexts().get(log.queryRow()[r]);
            boolean validation = data.validationJudgments() != null && data.validationJudgments().byQuery().containsKey(query);
            mask[r] = validation != train;
        }
        return mask;
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
                case DOC_NUMERIC, DOC_KEYWORD, USER_HISTORY -> incentive.add(j);
                default -> { }
            }
        }
        return new ScorerLayout(dim, specs.size(), config.grades(), relevance, new ArrayList<>(user.values()),
            new ArrayList<>(query.values()), incentive, config.rslHidden(), config.towerHidden(),
            config.incentiveHidden(), config.queryProjection(), config.incentive(), config.fusion(),
            config.relevanceInput());
    }

    /** The tables of one run. */
    record Examples(ExampleTable train, ExampleTable validationLog, ExampleTable judgedTrain, ExampleTable judgedValidation) {}

    /** The mutable state of one training run: optimisers, random sources, the KL teacher. */
    private final class Run {
        private final TrainedModel model;
        private final PrectrScorer scorer;
        private ExampleTable train;
        private Examples examples;
        private final WordPieceTokenizer tokenizer;
        private final Random shuffle;
        private final Random noise;
        private final Optimizer towers;
        private final Optimizer encoderOptimizer;
        private float[] teacherProbs;
        private float[] itemStd;
        /** Hidden states of the frozen lower encoder layers per text (top-layer fine-tuning), by query/item flag + text. */
        private final Map<String, float[]> frozenHidden = new java.util.HashMap<>();
        /** Examination logits per display position [EXAMINATION_SLOTS, 1]: training only, never exported. */
        private NDArray examination;
        /** Ten times the towers' rate: a handful of per-position parameters must settle within an epoch. */
        private final Optimizer examinationOptimizer;

        Run(TrainedModel model, Examples examples, WordPieceTokenizer tokenizer) {
            this.model = model;
            this.scorer = model.scorer();
            this.examples = examples;
            this.train = examples.train();
            this.tokenizer = tokenizer;
            this.shuffle = new Random(config.seed());
            this.noise = new Random(config.seed() + 1);
            this.towers = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build();
            this.examinationOptimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate() * 10)).build();
            this.encoderOptimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.encoderLearningRate())).build();
        }

        /** Replaces the logged examples (same rows, new history grades) before stage 2. */
        void useExamples(Examples replacement) {
            this.examples = replacement;
            this.train = replacement.train();
        }

        EpochRecord stage1Epoch(int epoch) {
            ExampleTable t = examples.judgedTrain();
            int[] order = shuffled(t.rows());
            Map<String, Double> sums = new LinkedHashMap<>();
            long start = System.nanoTime();
            int batches = 0;
            int skipped = 0;
            try (ProgressBar bar = bar("stage 1 epoch " + epoch, t.rows())) {
                for (int from = 0; from < order.length; from += config.stage1BatchSize()) {
                    int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + config.stage1BatchSize()));
                    try (NDManager step = model.manager().newSubManager();
                         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        ScorerOutputs out = scorer.forward(BatchTensors.queries(step, t, rows),
                            BatchTensors.items(step, t, rows), BatchTensors.features(step, t, rows));
                        NDArray loss = GradeCrossEntropy.loss(out.gradeLogits(), BatchTensors.oneHotGrades(step, t, rows, config.grades()));
                        add(sums, "grade_ce", loss.getFloat());
                        add(sums, "total", checkFinite(loss.getFloat(), 1, epoch, batches, sums));
                        gc.backward(loss);
                    }
                    if (!update(towers, scorer.parameters().parameters(), "rsl.")) {
                        skipped++;
                    }
                    batches++;
                    bar.stepBy(rows.length);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new EpochRecord(1, epoch, withSkipped(means(sums, batches), skipped), validate(), t.rows(), seconds);
        }

        void prepareStage2() {
            if (config.fineTuneEncoder() && model.text().usesEncoder() && frozenLayers(model.text().encoder()) > 0) {
                cacheFrozenHidden(train.queryTexts(), true);
                cacheFrozenHidden(train.itemTexts(), false);
            }
            examination = model.manager().zeros(new Shape(EXAMINATION_SLOTS, 1));
            examination.setRequiresGradient(true);
            if (config.consistencyKl()) {
                // the frozen stage-1 RSL head, as probabilities per training row
                teacherProbs = model.score(train).gradeProbs();
            }
            int d = train.dim();
            int items = train.itemTexts().size();
            itemStd = new float[d];
            for (int j = 0; j < d; j++) {
                double sum = 0;
                double sq = 0;
                for (int i = 0; i < items; i++) {
                    double x = train.itemEmbeddings()[i * d + j];
                    sum += x;
                    sq += x * x;
                }
                double mean = sum / Math.max(1, items);
                itemStd[j] = (float) Math.sqrt(Math.max(0, sq / Math.max(1, items) - mean * mean));
            }
        }

        EpochRecord stage2Epoch(int epoch) {
            int[] order = config.fineTuneEncoder() && model.text().usesEncoder() ? groupedByQuery() : shuffled(train.rows());
            Map<String, Double> sums = new LinkedHashMap<>();
            int k = config.grades();
            long start = System.nanoTime();
            int batches = 0;
            int skipped = 0;
            boolean fineTune = config.fineTuneEncoder() && model.text().usesEncoder();
            try (ProgressBar bar = bar("stage 2 epoch " + epoch, train.rows())) {
                for (int from = 0; from < order.length; from += config.batchSize()) {
                    int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + config.batchSize()));
                    try (NDManager step = model.manager().newSubManager();
                         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray q = fineTune ? encode(step, train.queryTexts(), train.queryRow(), rows, true)
                            : BatchTensors.queries(step, train, rows);
                        NDArray t = fineTune ? encode(step, train.itemTexts(), train.itemRow(), rows, false)
                            : BatchTensors.items(step, train, rows);
                        NDArray f = BatchTensors.features(step, train, rows);
                        ScorerOutputs out = scorer.forward(q, t, f);
                        NDArray clicks = BatchTensors.clicks(step, train, rows);
                        NDArray loss = config.positionAware()
                            ? ExaminationClickLoss.loss(out.scoreLogit(),
                                BatchTensors.oneHotPositions(step, train, rows, EXAMINATION_SLOTS).matMul(examination), clicks)
                            : ClickCrossEntropy.loss(out.scoreLogit(), clicks);
                        add(sums, "click_bce", loss.getFloat());
                        if (config.consistencyCe() && config.fusion()) {
                            NDArray ce = GradeCrossEntropy.loss(out.gradeLogits(), BatchTensors.oneHotGrades(step, train, rows, k));
                            add(sums, "consistency_ce", ce.getFloat());
                            loss = loss.add(ce.mul(config.consistencyCeWeight()));
                        }
                        if (config.consistencyKl() && config.fusion() && teacherProbs != null) {
                            NDArray kl = RelevanceDistillation.loss(out.gradeLogits(), BatchTensors.rowsOf(step, teacherProbs, rows, k));
                            add(sums, "consistency_kl", kl.getFloat());
                            loss = loss.add(kl.mul(config.consistencyKlWeight()));
                        }
                        if (config.monotonicity() && config.fusion()) {
                            NDArray hinge = MonotonicityHinge.loss(out.clickProbs(), config.monotonicityDelta());
                            add(sums, "monotonicity", hinge.getFloat());
                            loss = loss.add(hinge.mul(config.monotonicityWeight()));
                        }
                        if (config.hardNegatives()) {
                            loss = hardNegatives(step, rows, q, t, f, out, loss, sums);
                        }
                        add(sums, "total", checkFinite(loss.getFloat(), 2, epoch, batches, sums));
                        gc.backward(loss);
                    }
                    boolean stepped = update(towers, scorer.parameters().parameters(), "");
                    if (config.positionAware()) {
                        stepped &= update(examinationOptimizer, Map.of("examination", examination), "");
                    }
                    if (fineTune) {
                        stepped &= update(encoderOptimizer,
                            model.text().encoder().parametersFrom(frozenLayers(model.text().encoder())), "");
                    }
                    if (!stepped) {
                        skipped++;
                    }
                    batches++;
                    bar.stepBy(rows.length);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (fineTune) {
                model.refreshEmbeddings();
            }
            if (config.positionAware()) {
                float[] b = examination.toFloatArray();
                StringBuilder line = new StringBuilder("stage 2 epoch " + epoch + " examination probability by position:");
                for (int p = 0; p < 10; p++) {
                    line.append(String.format(java.util.Locale.ROOT, " %.3f", 1 / (1 + Math.exp(-b[p]))));
                }
                System.err.println(line);
            }
            return new EpochRecord(2, epoch, withSkipped(means(sums, batches), skipped), validate(), train.rows(), seconds);
        }

        /** Hard negatives of the clicked rows: e_neg = e_pos + N(0, (sigma std_d)^2), fake grade 0. */
        private NDArray hardNegatives(NDManager step, int[] rows, NDArray q, NDArray t, NDArray f, ScorerOutputs out,
                                      NDArray loss, Map<String, Double> sums) {
            List<Integer> positives = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                if (train.clicks()[rows[i]] == 1f) {
                    positives.add(i);
                }
            }
            if (positives.isEmpty()) {
                return loss;
            }
            int p = positives.size();
            int d = train.dim();
            int k = config.grades();
            NDArray pick = selection(step, positives, rows.length);
            float[] eps = new float[p * d];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < d; j++) {
                    eps[i * d + j] = (float) (noise.nextGaussian() * config.noiseSigma() * itemStd[j]);
                }
            }
            NDArray tNeg = pick.matMul(t).add(step.create(eps, new Shape(p, d)));
            ScorerOutputs neg = scorer.forward(pick.matMul(q), tNeg, pick.matMul(f));
            float[] fake = new float[p * k];
            for (int i = 0; i < p; i++) {
                fake[i * k] = 1f;
            }
            NDArray negCe = GradeCrossEntropy.loss(neg.gradeLogits(), step.create(fake, new Shape(p, k)));
            NDArray pair = PairwiseMarginLoss.loss(pick.matMul(out.scoreLogit()), neg.scoreLogit(), config.pairMargin(),
                config.pairDropShare());
            add(sums, "negative_ce", negCe.getFloat());
            add(sums, "pairwise", pair.getFloat());
            return loss.add(negCe.mul(config.negativeGradeWeight())).add(pair.mul(config.pairWeight()));
        }

        /** Encodes the batch's distinct texts with gradients, then spreads them over the rows (0/1 matrix product). */
        private NDArray encode(NDManager step, List<String> texts, int[] textRow, int[] rows, boolean queries) {
            Map<Integer, Integer> distinct = new LinkedHashMap<>();
            int[] position = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                position[i] = distinct.computeIfAbsent(textRow[rows[i]], x -> distinct.size());
            }
            List<String> batchTexts = distinct.keySet().stream().map(texts::get).toList();
            DistilledEncoder encoder = model.text().encoder();
            NDArray e = frozenHidden.isEmpty() ? encodeFully(step, encoder, batchTexts, queries)
                : encodeTop(step, encoder, batchTexts, queries);
            float[] spread = new float[rows.length * distinct.size()];
            for (int i = 0; i < rows.length; i++) {
                spread[i * distinct.size() + position[i]] = 1f;
            }
            return step.create(spread, new Shape(rows.length, distinct.size())).matMul(e);
        }

        private NDArray encodeFully(NDManager step, DistilledEncoder encoder, List<String> texts, boolean queries) {
            TokenBatch tokens = tokenizer.encodeBatch(texts, queries ? config.queryMaxLength() : config.itemMaxLength());
            return encoder.forward(step.create(tokens.inputIds(), new Shape(tokens.rows(), tokens.length())),
                step.create(tokens.attentionMask(), new Shape(tokens.rows(), tokens.length())), true);
        }

        /** The trainable top layers over the cached hidden states of the frozen ones, padded to the batch's longest text. */
        private NDArray encodeTop(NDManager step, DistilledEncoder encoder, List<String> texts, boolean queries) {
            int d = encoder.config().dim();
            int length = 1;
            for (String t : texts) {
                length = Math.max(length, frozenHidden.get(key(t, queries)).length / d);
            }
            float[] x = new float[texts.size() * length * d];
            long[] mask = new long[texts.size() * length];
            for (int i = 0; i < texts.size(); i++) {
                float[] h = frozenHidden.get(key(texts.get(i), queries));
                System.arraycopy(h, 0, x, i * length * d, h.length);
                java.util.Arrays.fill(mask, i * length, i * length + h.length / d, 1L);
            }
            return encoder.top(step.create(x, new Shape(texts.size(), length, d)),
                step.create(mask, new Shape(texts.size(), length)), frozenLayers(encoder), true);
        }

        /** Runs the frozen lower layers once per text (inference mode) and keeps each text's real tokens' states. */
        private void cacheFrozenHidden(List<String> texts, boolean queries) {
            DistilledEncoder encoder = model.text().encoder();
            int below = frozenLayers(encoder);
            int d = encoder.config().dim();
            for (int from = 0; from < texts.size(); from += 256) {
                List<String> part = texts.subList(from, Math.min(texts.size(), from + 256));
                TokenBatch tokens = tokenizer.encodeBatch(part, queries ? config.queryMaxLength() : config.itemMaxLength());
                try (NDManager step = model.manager().newSubManager()) {
                    float[] h = encoder.hidden(step.create(tokens.inputIds(), new Shape(tokens.rows(), tokens.length())),
                        step.create(tokens.attentionMask(), new Shape(tokens.rows(), tokens.length())), below).toFloatArray();
                    for (int i = 0; i < part.size(); i++) {
                        int real = 0;
                        for (int j = 0; j < tokens.length(); j++) {
                            real += (int) tokens.attentionMask()[i * tokens.length() + j];
                        }
                        int offset = i * tokens.length() * d;
                        frozenHidden.put(key(part.get(i), queries), java.util.Arrays.copyOfRange(h, offset, offset + real * d));
                    }
                }
            }
        }

        private String key(String text, boolean query) {
            return (query ? "q\u0000" : "i\u0000") + text;
        }

        /** Rows ordered by query (shuffled within), cut into batches, batches shuffled: the texts of a batch repeat. */
        private int[] groupedByQuery() {
            int[] order = shuffled(train.rows());
            Integer[] boxed = java.util.Arrays.stream(order).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(boxed, java.util.Comparator.comparingInt(r -> train.queryRow()[r]));
            List<int[]> batches = new ArrayList<>();
            for (int from = 0; from < boxed.length; from += config.batchSize()) {
                int[] b = new int[Math.min(config.batchSize(), boxed.length - from)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = boxed[from + i];
                }
                batches.add(b);
            }
            java.util.Collections.shuffle(batches, shuffle);
            return batches.stream().flatMapToInt(java.util.Arrays::stream).toArray();
        }

        private NDArray selection(NDManager step, List<Integer> picked, int n) {
            float[] m = new float[picked.size() * n];
            for (int i = 0; i < picked.size(); i++) {
                m[i * n + picked.get(i)] = 1f;
            }
            return step.create(m, new Shape(picked.size(), n));
        }

        /**
         * Adam steps for the parameters named with {@code prefix}, then every gradient zeroed in place.
         * (DJL's own GradientCollector.zeroGradients() walks every array of the engine and leaks two
         * gradient handles per call, which made steps slower over time; this touches only our tensors.)
         */
        private boolean update(Optimizer optimizer, Map<String, NDArray> parameters, String prefix) {
            List<NDArray> grads = new ArrayList<>();
            boolean finite = true;
            for (NDArray p : parameters.values()) {
                NDArray grad = p.getGradient();
                grads.add(grad);
                // the checks' arrays belong to the parameter's long-lived manager: close them at once
                try (NDArray nan = grad.isNaN(); NDArray anyNan = nan.any(); NDArray inf = grad.isInfinite();
                     NDArray anyInf = inf.any()) {
                    finite &= !anyNan.getBoolean() && !anyInf.getBoolean();
                }
            }
            int i = 0;
            for (Map.Entry<String, NDArray> p : parameters.entrySet()) {
                try (NDArray grad = grads.get(i++)) {
                    if (finite && p.getKey().startsWith(prefix)) {
                        optimizer.update(p.getKey(), p.getValue(), grad);
                    }
                    if (!finite) {
                        // x - x is NaN for NaN and infinite x: overwrite those entries first
                        grad.set(grad.isNaN(), 0f);
                        grad.set(grad.isInfinite(), 0f);
                    }
                    grad.subi(grad);
                }
            }
            return finite;
        }

        private Map<String, Double> validate() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            ExampleTable log = model.current(examples.validationLog());
            if (log.loggedRows() > 0) {
                metrics.put("validation_click_auc", Metrics.auc(model.score(log).score(), log.clicks()));
            }
            if (examples.judgedValidation() != null) {
                ExampleTable judged = model.current(examples.judgedValidation());
                ScoreColumns s = model.score(judged);
                metrics.put("validation_ndcg10_score", Metrics.ndcg(s.score(), judged.grades(), judged.group(), 10));
                metrics.put("validation_ndcg10_relevance", Metrics.ndcg(s.expectedGrade(), judged.grades(), judged.group(), 10));
            }
            return metrics;
        }

        private int[] shuffled(int n) {
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(i);
            }
            java.util.Collections.shuffle(list, shuffle);
            return list.stream().mapToInt(Integer::intValue).toArray();
        }

        private ProgressBar bar(String task, long total) {
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).showSpeed();
            if (!progress) {
                b.setConsumer(new me.tongfei.progressbar.DelegatingProgressBarConsumer(s -> { }));
            }
            return b.build();
        }
    }

    /** Stops a diverged run at once, naming where, instead of training on NaN. */
    private static double checkFinite(float loss, int stage, int epoch, int batch, Map<String, Double> sums) {
        if (!Float.isFinite(loss)) {
            throw new IllegalStateException("[loss] must be finite but was [" + loss + "] at stage [" + stage + "] epoch ["
                + epoch + "] batch [" + batch + "] (sums so far " + sums + ")");
        }
        return loss;
    }

    /** Steps with a non-finite gradient are skipped (no update) and counted in the report. */
    private static Map<String, Double> withSkipped(Map<String, Double> losses, int skipped) {
        if (skipped > 0) {
            losses.put("skipped_steps", (double) skipped);
        }
        return losses;
    }

    private static void add(Map<String, Double> sums, String key, double value) {
        sums.merge(key, value, Double::sum);
    }

    private static Map<String, Double> means(Map<String, Double> sums, int batches) {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((key, v) -> out.put(key, v / Math.max(1, batches)));
        return out;
    }
}
