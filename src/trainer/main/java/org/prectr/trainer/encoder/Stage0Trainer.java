package org.prectr.trainer.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.prectr.core.data.EsciGrade;
import org.prectr.core.text.TokenBatch;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.encoder.Stage0Data.QueryGroup;
import org.prectr.trainer.model.Mlp;
import org.prectr.trainer.model.ParameterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the distilled encoder (PRECTR-V2 stage 0): distillation from a teacher on the training split's
 * (query, title) pairs ({@link DistillationLoss}), then SFT on the graded labels with a classification
 * head over [e_q, e_t, e_q*e_t, |e_q-e_t|], a listwise cosine term and the distillation loss as a
 * regulariser. After every epoch the validation queries' judged titles are ranked by cosine and scored
 * with {@link EsciNdcg} (NDCG@10); each stage keeps its best epoch, and SFT stops early when the metric
 * has not improved for {@link Stage0Config#sftPatience()} epochs. SFT epoch 0 is the distilled encoder
 * itself, so SFT can only be kept when it helps on validation.
 */
public final class Stage0Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Stage0Trainer.class);
    private static final int GRADES = 4;
    private static final int EVAL_BATCH = 256;

    private final Stage0Config config;
    private final WordPieceTokenizer tokenizer;

    /**
     * @param config the options
     * @param tokenizer the core tokenizer over the encoder's vocabulary
     */
    public Stage0Trainer(Stage0Config config, WordPieceTokenizer tokenizer) {
        this.config = config;
        this.tokenizer = tokenizer;
        if (tokenizer.vocabulary().size() != config.encoder().vocabularySize()) {
            throw new IllegalArgumentException("[vocabulary_size] of the encoder is [" + config.encoder().vocabularySize()
                + "] but the tokenizer's vocabulary has [" + tokenizer.vocabulary().size() + "] tokens");
        }
    }

    /**
     * Runs distillation then SFT on {@code encoder} in place, leaving it at the selected weights.
     *
     * @param encoder the student (trained in place)
     * @param data the training and validation texts
     * @param teacherVectors unit-norm teacher embedding of every training text (see {@link Stage0Data#allTexts()})
     * @param teacherNdcg validation NDCG@10 of the teachers, for the report
     * @return the report
     */
    public Stage0Report train(DistilledEncoder encoder, Stage0Data data, Map<String, float[]> teacherVectors,
                              Map<String, Double> teacherNdcg) {
        return train(encoder, data, null, teacherVectors, teacherNdcg);
    }

    /**
     * Runs distillation on an abundant corpus (or, when it is null, on the training split's judged
     * pairs) then SFT on {@code encoder} in place, leaving it at the selected weights.
     *
     * @param encoder the student (trained in place)
     * @param data the training and validation texts
     * @param corpus the distillation corpus, or null for the training split's pairs
     * @param teacherVectors unit-norm teacher embedding of every training and corpus text
     * @param teacherNdcg validation NDCG@10 of the teachers, for the report
     * @return the report
     */
    public Stage0Report train(DistilledEncoder encoder, Stage0Data data, DistillationCorpus corpus,
                              Map<String, float[]> teacherVectors, Map<String, Double> teacherNdcg) {
        // dropout draws from the engine's generator; shuffling from a seeded Java random
        Engine.getInstance().setRandomSeed((int) config.seed());
        Random random = new Random(config.seed());
        int teacherDim = teacherVectors.values().iterator().next().length;
        List<Stage0Report.EpochLog> logs = new ArrayList<>();
        LOG.info("stage 0: encoder with {} parameters, {} training pairs over {} queries, {} validation queries",
            encoder.parameterCount(), data.trainPairs(), data.train().size(), data.validation().size());
        try (NDManager heads = encoder.manager().newSubManager()) {
            ParameterStore headStore = new ParameterStore(heads, config.seed() + 1);
            DistillationLoss distillation = new DistillationLoss(headStore, config.encoder().dim(), teacherDim, config);
            Tracker schedule = distillSchedule(corpus == null ? data.trainPairs() : corpus.pairs());
            ParameterGroup encoderGroup = new ParameterGroup("encoder", encoder.parameters(), schedule);
            ParameterGroup projectionGroup = new ParameterGroup("projection", headStore.parameters(), schedule);

            double best = validationNdcg(encoder, data.validation());
            List<float[]> bestWeights = encoderGroup.snapshot();
            LOG.info("stage 0: validation NDCG@10 before training {}", String.format("%.4f", best));
            for (int epoch = 1; epoch <= config.distillEpochs(); epoch++) {
                Stage0Report.EpochLog log = corpus == null
                    ? distillEpoch(epoch, encoder, data, teacherVectors, distillation, List.of(encoderGroup, projectionGroup), random)
                    : corpusEpoch(epoch, encoder, data, corpus, teacherVectors, distillation,
                        List.of(encoderGroup, projectionGroup), random);
                logs.add(log);
                if (corpus == null && log.validationNdcg() > best) {
                    best = log.validationNdcg();
                    bestWeights = encoderGroup.snapshot();
                }
            }
            if (corpus != null && config.distillEpochs() > 0) {
                // on the corpus the last distillation epoch is kept: a validation set of 16-20 queries is too
                // small to choose among epochs of an unsupervised objective (on an inner split of the training
                // queries such a selection once kept the untrained encoder); SFT is still selected on it
                best = logs.get(logs.size() - 1).validationNdcg();
                bestWeights = encoderGroup.snapshot();
            }
            encoderGroup.restore(bestWeights);
            double distilled = best;

            Mlp head = Mlp.create(headStore, "sft_head", 4 * config.encoder().dim(), List.of(config.sftHeadHidden()), GRADES);
            Map<String, NDArray> headParameters = new LinkedHashMap<>(headStore.parameters());
            ParameterGroup sftEncoder = new ParameterGroup("sft_encoder", encoder.parameters(), config.sftEncoderLearningRate());
            ParameterGroup sftHead = new ParameterGroup("sft_head", headParameters, config.sftHeadLearningRate());
            int bestEpoch = 0;
            int stale = 0;
            for (int epoch = 1; epoch <= config.sftEpochs() && stale < config.sftPatience(); epoch++) {
                Stage0Report.EpochLog log = sftEpoch(epoch, encoder, data, teacherVectors, distillation, head,
                    List.of(sftEncoder, sftHead), random);
                logs.add(log);
                if (log.validationNdcg() > best) {
                    best = log.validationNdcg();
                    bestWeights = encoderGroup.snapshot();
                    bestEpoch = epoch;
                    stale = 0;
                } else {
                    stale++;
                }
            }
            encoderGroup.restore(bestWeights);
            LOG.info("stage 0: distilled NDCG@10 {}, after SFT {} (epoch {})", String.format("%.4f", distilled),
                String.format("%.4f", best), bestEpoch);
            return new Stage0Report(config.teacher().optionName(), config.seed(), encoder.parameterCount(), teacherNdcg,
                distilled, best, bestEpoch, logs);
        }
    }

    /** Linear warm-up to the peak rate, then cosine decay to the final rate at the last distillation step. */
    private Tracker distillSchedule(int pairs) {
        int steps = Math.max(1, config.distillEpochs() * ((pairs + config.distillBatchSize() - 1) / config.distillBatchSize()));
        int warmup = (int) (config.distillWarmupFraction() * steps);
        Tracker cosine = Tracker.cosine().setBaseValue(config.distillLearningRate())
            .optFinalValue(config.distillFinalLearningRate()).setMaxUpdates(Math.max(1, steps - warmup)).build();
        if (warmup == 0) {
            return cosine;
        }
        return Tracker.warmUp().setMainTracker(cosine).optWarmUpSteps(warmup).optWarmUpBeginValue(0f).build();
    }

    private Stage0Report.EpochLog distillEpoch(int epoch, DistilledEncoder encoder, Stage0Data data,
                                               Map<String, float[]> teacherVectors, DistillationLoss distillation,
                                               List<ParameterGroup> groups, Random random) {
        List<String[]> pairs = new ArrayList<>();
        for (QueryGroup group : data.train()) {
            for (String title : group.titles()) {
                pairs.add(new String[] {group.query(), title});
            }
        }
        Collections.shuffle(pairs, random);
        int steps = (pairs.size() + config.distillBatchSize() - 1) / config.distillBatchSize();
        LossMeter meter = new LossMeter();
        long started = System.nanoTime();
        try (ProgressBar bar = progress("distill " + epoch + "/" + config.distillEpochs(), steps)) {
            for (int start = 0; start < pairs.size(); start += config.distillBatchSize()) {
                List<String[]> batch = pairs.subList(start, Math.min(pairs.size(), start + config.distillBatchSize()));
                List<String> queries = batch.stream().map(p -> p[0]).toList();
                List<String> titles = batch.stream().map(p -> p[1]).toList();
                try (NDManager step = encoder.manager().newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray eq = encode(step, encoder, queries, config.queryMaxLength(), true);
                        NDArray et = encode(step, encoder, titles, config.itemMaxLength(), true);
                        DistillationLoss.Terms terms = distillation.compute(eq, et,
                            vectors(step, queries, teacherVectors), vectors(step, titles, teacherVectors));
                        collector.backward(terms.total());
                        meter.add(terms.total(), Map.of("embedding", terms.embedding(), "relational_mse", terms.relationalMse(),
                            "relational_kl", terms.relationalKl()));
                    }
                    ParameterGroup.clipAndStep(groups, config.maxGradientNorm());
                }
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f", meter.mean()));
                }
            }
        }
        return finish("distill", epoch, meter, encoder, data, started);
    }

    /**
     * One distillation epoch over the corpus: each step takes {@code distillBatchSize / titlesPerGroup}
     * groups, their made queries against all their titles (a group's titles are near neighbours, the other
     * groups' titles are easy negatives in the same softmax).
     */
    private Stage0Report.EpochLog corpusEpoch(int epoch, DistilledEncoder encoder, Stage0Data data, DistillationCorpus corpus,
                                              Map<String, float[]> teacherVectors, DistillationLoss distillation,
                                              List<ParameterGroup> groups, Random random) {
        List<QueryGroup> order = new ArrayList<>(corpus.groups());
        Collections.shuffle(order, random);
        int perStep = Math.max(1, config.distillBatchSize() / corpus.titlesPerGroup());
        int steps = (order.size() + perStep - 1) / perStep;
        LossMeter meter = new LossMeter();
        long started = System.nanoTime();
        try (ProgressBar bar = progress("distill " + epoch + "/" + config.distillEpochs(), steps)) {
            for (int start = 0; start < order.size(); start += perStep) {
                List<QueryGroup> batch = order.subList(start, Math.min(order.size(), start + perStep));
                List<String> queries = batch.stream().map(QueryGroup::query).toList();
                List<String> titles = batch.stream().flatMap(g -> g.titles().stream()).toList();
                try (NDManager step = encoder.manager().newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray eq = encode(step, encoder, queries, config.queryMaxLength(), true);
                        NDArray et = encode(step, encoder, titles, config.itemMaxLength(), true);
                        DistillationLoss.Terms terms = distillation.compute(eq, et,
                            vectors(step, queries, teacherVectors), vectors(step, titles, teacherVectors));
                        collector.backward(terms.total());
                        meter.add(terms.total(), Map.of("embedding", terms.embedding(), "relational_mse", terms.relationalMse(),
                            "relational_kl", terms.relationalKl()));
                    }
                    ParameterGroup.clipAndStep(groups, config.maxGradientNorm());
                }
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f", meter.mean()));
                }
            }
        }
        return finish("distill", epoch, meter, encoder, data, started);
    }

    private Stage0Report.EpochLog sftEpoch(int epoch, DistilledEncoder encoder, Stage0Data data,
                                           Map<String, float[]> teacherVectors, DistillationLoss distillation, Mlp head,
                                           List<ParameterGroup> groups, Random random) {
        List<QueryGroup> queries = new ArrayList<>(data.train());
        Collections.shuffle(queries, random);
        LossMeter meter = new LossMeter();
        long started = System.nanoTime();
        try (ProgressBar bar = progress("sft " + epoch + "/" + config.sftEpochs(), queries.size())) {
            for (QueryGroup group : queries) {
                try (NDManager step = encoder.manager().newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray eq = encode(step, encoder, List.of(group.query()), config.queryMaxLength(), true);
                        NDArray et = encode(step, encoder, group.titles(), config.itemMaxLength(), true);
                        int n = group.titles().size();
                        NDArray eqRows = eq.broadcast(new Shape(n, eq.getShape().get(1)));
                        NDArray features = NDArrays.concat(new NDList(eqRows, et, eqRows.mul(et), eqRows.sub(et).abs()), 1);
                        NDArray oneHot = step.create(group.grades()).oneHot(GRADES);
                        NDArray classification = head.forward(features).logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
                        NDArray listwise = listwise(step, eq, et, group.grades());
                        DistillationLoss.Terms terms = distillation.compute(eq, et,
                            vectors(step, List.of(group.query()), teacherVectors), vectors(step, group.titles(), teacherVectors));
                        NDArray total = classification.add(listwise.mul(config.sftListwiseWeight()))
                            .add(terms.total().mul(config.sftDistillWeight()));
                        collector.backward(total);
                        meter.add(total, Map.of("classification", classification, "listwise", listwise,
                            "distillation", terms.total()));
                    }
                    ParameterGroup.clipAndStep(groups, config.maxGradientNorm());
                }
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f", meter.mean()));
                }
            }
        }
        return finish("sft", epoch, meter, encoder, data, started);
    }

    /**
     * ListNet on the cosine: cross-entropy between the titles' ESCI gains (normalised to sum 1) and the
     * softmax of their cosines to the query at the distillation temperature. Zero for a query without gain.
     */
    private NDArray listwise(NDManager step, NDArray eq, NDArray et, int[] grades) {
        float[] target = new float[grades.length];
        double total = 0;
        for (int i = 0; i < grades.length; i++) {
            target[i] = (float) EsciGrade.gain(grades[i]);
            total += target[i];
        }
        if (total == 0) {
            return step.create(0f);
        }
        for (int i = 0; i < target.length; i++) {
            target[i] /= (float) total;
        }
        NDArray cosines = unit(eq).matMul(unit(et).transpose()).div(config.relationalTemperature());
        return cosines.logSoftmax(1).mul(step.create(target, new Shape(1, target.length))).sum().neg();
    }

    private Stage0Report.EpochLog finish(String stage, int epoch, LossMeter meter, DistilledEncoder encoder, Stage0Data data,
                                         long started) {
        double ndcg = validationNdcg(encoder, data.validation());
        double seconds = (System.nanoTime() - started) / 1e9;
        Stage0Report.EpochLog log = new Stage0Report.EpochLog(stage, epoch, meter.mean(), meter.termMeans(), ndcg, seconds);
        LOG.info("stage 0 {} epoch {}: loss {} {} validation NDCG@10 {} ({} s)", stage, epoch,
            String.format("%.4f", log.loss()), log.terms(), String.format("%.4f", ndcg), String.format("%.1f", seconds));
        return log;
    }

    /**
     * @param encoder the encoder (inference mode)
     * @param validation the queries with their judged titles
     * @return mean NDCG@10 (ESCI gains) of the cosine ranking
     */
    public double validationNdcg(DistilledEncoder encoder, List<QueryGroup> validation) {
        return EsciNdcg.meanNdcg(validation, (texts, queries) ->
            embed(encoder, texts, queries ? config.queryMaxLength() : config.itemMaxLength()));
    }

    /**
     * Embeds texts in inference mode.
     *
     * @param encoder the encoder
     * @param texts the texts
     * @param maxLength tokens per text
     * @return one embedding per text
     */
    public float[][] embed(DistilledEncoder encoder, List<String> texts, int maxLength) {
        float[][] out = new float[texts.size()][];
        int d = encoder.config().dim();
        for (int start = 0; start < texts.size(); start += EVAL_BATCH) {
            List<String> slice = texts.subList(start, Math.min(texts.size(), start + EVAL_BATCH));
            try (NDManager step = encoder.manager().newSubManager()) {
                float[] flat = encode(step, encoder, slice, maxLength, false).toFloatArray();
                for (int i = 0; i < slice.size(); i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }

    private NDArray encode(NDManager step, DistilledEncoder encoder, List<String> texts, int maxLength, boolean training) {
        TokenBatch batch = tokenizer.encodeBatch(texts, maxLength);
        Shape shape = new Shape(batch.rows(), batch.length());
        return encoder.forward(step.create(batch.inputIds(), shape), step.create(batch.attentionMask(), shape), training);
    }

    private static NDArray vectors(NDManager step, List<String> texts, Map<String, float[]> teacherVectors) {
        int h = teacherVectors.values().iterator().next().length;
        float[] flat = new float[texts.size() * h];
        for (int i = 0; i < texts.size(); i++) {
            float[] v = teacherVectors.get(texts.get(i));
            if (v == null) {
                throw new IllegalArgumentException("[teacher_vectors] has no embedding for text [" + texts.get(i) + "]");
            }
            System.arraycopy(v, 0, flat, i * h, h);
        }
        return step.create(flat, new Shape(texts.size(), h));
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.mul(x).sum(new int[] {1}, true).maximum(1e-12f).sqrt());
    }

    private ProgressBar progress(String task, long steps) {
        if (!config.progress()) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(1000).showSpeed().setUnit(" steps", 1).build();
    }

    /** Running means of the total loss and of each term over an epoch. */
    private static final class LossMeter {
        private double total;
        private final Map<String, Double> terms = new HashMap<>();
        private int steps;

        void add(NDArray loss, Map<String, NDArray> parts) {
            total += loss.getFloat();
            parts.forEach((name, value) -> terms.merge(name, (double) value.getFloat(), Double::sum));
            steps++;
        }

        double mean() {
            return steps == 0 ? Double.NaN : total / steps;
        }

        Map<String, Double> termMeans() {
            Map<String, Double> means = new HashMap<>();
            terms.forEach((name, sum) -> means.put(name, sum / steps));
            return means;
        }
    }
}
