package org.prectr.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import me.tongfei.progressbar.ProgressBar;
import org.prectr.core.data.EsciGrade;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.loss.GradeCrossEntropy;
import org.prectr.trainer.loss.ListwiseGainLoss;
import org.prectr.trainer.model.ScorerOutputs;
import org.prectr.trainer.optim.GradientStep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 1: the RSL (relevance) head pretrained on the training queries' graded products: grade CE, plus a
 * listwise term over whole queries when its weight is above 0. Only the {@code rsl.} parameters step.
 */
final class Stage1Loop {
    private final TrainingRun run;

    Stage1Loop(TrainingRun run) {
        this.run = run;
    }

    EpochRecord epoch(int epoch) {
        TrainerConfig config = run.config;
        ExampleTable t = run.examples().judgedTrain();
        // with the listwise term, a batch holds whole queries (their rows are ranked against each other)
        int[] order = config.relevanceListwiseWeight() > 0 ? run.wholeGroups(t) : run.shuffled(t.rows());
        float[] gains = EsciGrade.gains(config.grades());
        Map<String, Double> sums = new LinkedHashMap<>();
        long start = System.nanoTime();
        int batches = 0;
        int skipped = 0;
        try (ProgressBar bar = run.bar("stage 1 epoch " + epoch, t.rows())) {
            for (int from = 0; from < order.length; from += config.stage1BatchSize()) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + config.stage1BatchSize()));
                try (NDManager step = run.model.manager().newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    ScorerOutputs out = run.scorer.forward(BatchTensors.queries(step, t, rows),
                        BatchTensors.items(step, t, rows), BatchTensors.features(step, t, rows));
                    LossSum loss = new LossSum(sums).add("grade_ce",
                        GradeCrossEntropy.loss(out.gradeLogits(), BatchTensors.oneHotGrades(step, t, rows, config.grades())), 1f);
                    if (config.relevanceListwiseWeight() > 0) {
                        int[] g = new int[rows.length];
                        int[] grade = new int[rows.length];
                        for (int i = 0; i < rows.length; i++) {
                            g[i] = t.group()[rows[i]];
                            grade[i] = t.grades()[rows[i]];
                        }
                        loss.add("listwise", ListwiseGainLoss.loss(step, out.gradeProbs(), gains, grade, g),
                            config.relevanceListwiseWeight());
                    }
                    gc.backward(loss.checkedTotal(1, epoch, batches));
                }
                if (!GradientStep.step(run.towers, run.scorer.parameters().parameters(), "rsl.")) {
                    skipped++;
                }
                batches++;
                bar.stepBy(rows.length);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochRecord(1, epoch, LossSum.means(sums, batches, skipped), run.validate(), t.rows(), seconds);
    }
}
