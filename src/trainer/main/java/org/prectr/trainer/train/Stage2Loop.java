package org.prectr.trainer.train;

import org.prectr.trainer.model.PrectrScorer;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import me.tongfei.progressbar.ProgressBar;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.loss.ClickCrossEntropy;
import org.prectr.trainer.loss.ExaminationClickLoss;
import org.prectr.trainer.loss.GradeCrossEntropy;
import org.prectr.trainer.loss.MonotonicityHinge;
import org.prectr.trainer.loss.RelevanceDistillation;
import org.prectr.trainer.model.ScorerOutputs;
import org.prectr.trainer.optim.GradientStep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 2: everything trained jointly on the logged clicks with the weighted sum of the switched-on
 * {@link Stage2Term}s (the RSL head stays as stage 1 left it with {@link TrainerConfig#freezeRelevanceHead()});
 * optionally the encoder end to end ({@link FineTunedTexts}) and a per-position
 * examination probability (training only, never exported).
 */
final class Stage2Loop {
    /** Display positions with their own examination probability (position-aware training); later ones share the last. */
    static final int EXAMINATION_SLOTS = 20;

    private final TrainingRun run;
    private final TrainerConfig config;
    /** Examination logits per display position [EXAMINATION_SLOTS, 1]. */
    private final NDArray examination;
    /** Ten times the towers' rate: a handful of per-position parameters must settle within an epoch. */
    private final Optimizer examinationOptimizer;
    private final Optimizer encoderOptimizer;
    /** The frozen stage-1 RSL head, as probabilities per training row (the KL term's target), or null. */
    private final float[] teacherProbs;
    private final HardNegatives hardNegatives;
    private final FineTunedTexts texts;

    /** Prepares stage 2 on the run's current training rows (after stage 1, and after inferred history grades). */
    Stage2Loop(TrainingRun run) {
        this.run = run;
        this.config = run.config;
        ExampleTable train = run.examples().train();
        this.examinationOptimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate() * 10)).build();
        this.encoderOptimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.encoderLearningRate())).build();
        this.texts = run.fineTunesEncoder() ? new FineTunedTexts(run) : null;
        examination = run.model.manager().zeros(new Shape(EXAMINATION_SLOTS, 1));
        examination.setRequiresGradient(true);
        teacherProbs = config.consistencyKl() ? run.model.score(train).gradeProbs() : null;
        hardNegatives = new HardNegatives(config, run.noise, train);
    }

    EpochRecord epoch(int epoch) {
        ExampleTable train = run.examples().train();
        boolean fineTune = run.fineTunesEncoder();
        int[] order = fineTune ? run.groupedByQuery(train) : run.shuffled(train.rows());
        Map<String, Double> sums = new LinkedHashMap<>();
        int k = config.grades();
        long start = System.nanoTime();
        int batches = 0;
        int skipped = 0;
        try (ProgressBar bar = run.bar("stage 2 epoch " + epoch, train.rows())) {
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + config.batchSize()));
                try (NDManager step = run.model.manager().newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray q = fineTune ? texts.encode(step, train.queryTexts(), train.queryRow(), rows, true)
                        : BatchTensors.queries(step, train, rows);
                    NDArray t = fineTune ? texts.encode(step, train.itemTexts(), train.itemRow(), rows, false)
                        : BatchTensors.items(step, train, rows);
                    NDArray f = BatchTensors.features(step, train, rows);
                    ScorerOutputs out = run.scorer.forward(q, t, f);
                    NDArray clicks = BatchTensors.clicks(step, train, rows);
                    LossSum loss = new LossSum(sums).add(Stage2Term.CLICK, config.positionAware()
                        ? ExaminationClickLoss.loss(out.scoreLogit(),
                            BatchTensors.oneHotPositions(step, train, rows, EXAMINATION_SLOTS).matMul(examination), clicks)
                        : ClickCrossEntropy.loss(out.scoreLogit(), clicks), config);
                    if (config.consistencyCe() && config.fusion()) {
                        loss.add(Stage2Term.CONSISTENCY_CE,
                            GradeCrossEntropy.loss(out.gradeLogits(), BatchTensors.oneHotGrades(step, train, rows, k)), config);
                    }
                    if (config.consistencyKl() && config.fusion() && teacherProbs != null) {
                        loss.add(Stage2Term.CONSISTENCY_KL,
                            RelevanceDistillation.loss(out.gradeLogits(), BatchTensors.rowsOf(step, teacherProbs, rows, k)), config);
                    }
                    if (config.monotonicity() && config.fusion()) {
                        loss.add(Stage2Term.MONOTONICITY, MonotonicityHinge.loss(out.clickProbs(), config.monotonicityDelta()),
                            config);
                    }
                    if (config.hardNegatives()) {
                        hardNegatives.addTerms(loss, step, run.scorer, train, rows, q, t, f, out);
                    }
                    gc.backward(loss.checkedTotal(2, epoch, batches));
                }
                boolean stepped = GradientStep.step(run.towers, run.scorer.parameters().parameters(),
                    name -> !(config.freezeRelevanceHead() && name.startsWith(PrectrScorer.RELEVANCE_HEAD + ".")));
                if (config.positionAware()) {
                    stepped &= GradientStep.step(examinationOptimizer, Map.of("examination", examination), "");
                }
                if (fineTune) {
                    stepped &= GradientStep.step(encoderOptimizer,
                        run.model.text().encoder().parametersFrom(run.frozenLayers(run.model.text().encoder())), "");
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
            run.model.refreshEmbeddings();
        }
        if (config.positionAware()) {
            float[] b = examination.toFloatArray();
            StringBuilder line = new StringBuilder("stage 2 epoch " + epoch + " examination probability by position:");
            for (int p = 0; p < 10; p++) {
                line.append(String.format(java.util.Locale.ROOT, " %.3f", 1 / (1 + Math.exp(-b[p]))));
            }
            System.err.println(line);
        }
        return new EpochRecord(2, epoch, LossSum.means(sums, batches, skipped), run.validate(), train.rows(), seconds);
    }
}
