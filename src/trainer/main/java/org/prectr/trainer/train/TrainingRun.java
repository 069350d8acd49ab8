package org.prectr.trainer.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.encoder.DistilledEncoder;
import org.prectr.trainer.model.PrectrScorer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The state both stages of one run share: the model, the current example tables, the shuffling source
 * and the towers' optimiser (its Adam moments carry over from stage 1 to stage 2), and the run's
 * validation. {@link Stage1Loop} and {@link Stage2Loop} drive it.
 */
final class TrainingRun {
    final TrainerConfig config;
    final TrainedModel model;
    final PrectrScorer scorer;
    final WordPieceTokenizer tokenizer;
    /** Batch order of both stages, seeded by the config's seed. */
    final Random shuffle;
    /** Hard-negative noise, seeded by the config's seed + 1. */
    final Random noise;
    /** The scorer's towers and heads (both stages). */
    final Optimizer towers;
    private final boolean progress;
    private Examples examples;

    TrainingRun(TrainerConfig config, TrainedModel model, Examples examples, WordPieceTokenizer tokenizer, boolean progress) {
        this.config = config;
        this.model = model;
        this.scorer = model.scorer();
        this.examples = examples;
        this.tokenizer = tokenizer;
        this.progress = progress;
        this.shuffle = new Random(config.seed());
        this.noise = new Random(config.seed() + 1);
        this.towers = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build();
    }

    Examples examples() {
        return examples;
    }

    /** Replaces the logged examples (same rows, new history grades) before stage 2. */
    void useExamples(Examples replacement) {
        this.examples = replacement;
    }

    /** @return whether stage 2 fine-tunes the distilled encoder end to end */
    boolean fineTunesEncoder() {
        return config.fineTuneEncoder() && model.text().usesEncoder();
    }

    /** The encoder layers below the fine-tuned top ones (0: the whole encoder trains). */
    int frozenLayers(DistilledEncoder encoder) {
        return Math.max(0, encoder.config().layers() - config.fineTuneLayers());
    }

    /** @return the epoch's validation metrics */
    Map<String, Double> validate() {
        return Validation.of(model, examples, config.grades());
    }

    /** Rows of whole query groups, groups in random order (rows of a group together). */
    int[] wholeGroups(ExampleTable t) {
        Map<Integer, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            byGroup.computeIfAbsent(t.group()[r], x -> new ArrayList<>()).add(r);
        }
        List<List<Integer>> groups = new ArrayList<>(byGroup.values());
        Collections.shuffle(groups, shuffle);
        return groups.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray();
    }

    /** Rows ordered by query (shuffled within), cut into batches, batches shuffled: the texts of a batch repeat. */
    int[] groupedByQuery(ExampleTable train) {
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
        Collections.shuffle(batches, shuffle);
        return batches.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    int[] shuffled(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        Collections.shuffle(list, shuffle);
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    ProgressBar bar(String task, long total) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).showSpeed();
        if (!progress) {
            b.setConsumer(new DelegatingProgressBarConsumer(s -> { }));
        }
        return b.build();
    }
}
