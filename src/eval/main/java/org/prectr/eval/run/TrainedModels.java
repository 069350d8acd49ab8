package org.prectr.eval.run;

import org.prectr.eval.rank.Ranker;
import org.prectr.eval.rank.BundleRanker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learned models: trained by the trainer module (its {@code stage0} and {@code train} commands, each
 * in a child JVM: {@link TrainerProcess}) on the TRAINING judgments and the training-period simulated UBI log only, exported
 * as bundles under {@code OUT/models/<name>}, then scored through the served path ({@link BundleRanker}).
 *
 * <p>Stage 0 (the distilled encoder) runs once per run, on an inner split of the training queries
 * ({@link InnerSplit}; its selection set is 20% of the training queries, never a test query), unless
 * {@code --encoder} gives weights to reuse. {@code fused_rule} is the practice PRECTR replaces: a
 * relevance-only model and the DNN click model, fused by {@link FusedRuleRanker} with a weight tuned on
 * the training period.
 */
public final class TrainedModels {
    /** results.json name to the trainer's {@code --variant}. */
    public static final Map<String, String> VARIANTS = variants();
    /** Every learned model name results.json uses. */
    public static final List<String> NAMES = defaultNames();

    private final EvalContext context;
    private final TrainingOptions options;
    private Path encoder;
    private Path[] innerSplit;
    /** Bundles trained in this run, by name: fused_rule reuses dnn_click's instead of training it again. */
    private final Map<String, Path> trained = new LinkedHashMap<>();

    public TrainedModels(EvalContext context, TrainingOptions options) {
        this.context = context;
        this.options = options;
        this.encoder = options.encoder();
    }

    private static Map<String, String> variants() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dnn_click", "dnn");
        m.put("prectr_v1", "prectr_v1");
        m.put("prectr_v2", "prectr_v2");
        m.put("prectr_v2_without_cross_user", "v2_no_cross_user");
        m.put("prectr_v2_without_debias", "v2_no_debias");
        m.put("prectr_v2_without_distilled_encoder", "v2_no_distilled_encoder");
        m.put("prectr_v2_without_two_stage", "v2_single_stage");
        m.put("prectr_v2_without_consistency", "v2_no_consistency");
        m.put("prectr_v2_labelled_history", "prectr_v2");
        m.put("relevance_only", "relevance");
        return m;
    }

    /**
     * Models trained and served with the human grades of history clicks (--history-grades labelled), the
     * comparison for V2's default, grades inferred by its relevance head (issue 11).
     */
    static final java.util.Set<String> LABELLED_HISTORY = java.util.Set.of("prectr_v2_labelled_history");

    private static List<String> defaultNames() {
        List<String> n = new ArrayList<>(List.of("dnn_click", "fused_rule"));
        for (String name : variants().keySet()) {
            if (!n.contains(name) && !name.equals("relevance_only")) n.add(name);
        }
        return List.copyOf(n);
    }

    public boolean supports(String name) {
        return VARIANTS.containsKey(name) || name.equals("fused_rule");
    }

    public List<String> names() {
        List<String> all = new ArrayList<>(NAMES);
        all.add("relevance_only");
        return all;
    }

    public Ranker create(String name) throws Exception {
        if (name.equals("fused_rule")) {
            Path relevance = bundle("relevance_only");
            Path click = bundle("dnn_click");
            return FusedRuleRanker.tuned(name, new BundleRanker("relevance_only", relevance, true, context.catalog()),
                    new BundleRanker("dnn_click", click, true, context.catalog()), context);
        }
        return new BundleRanker(name, bundle(name), true, LABELLED_HISTORY.contains(name), context.catalog());
    }

    /** Trains (or reuses) the bundle of a model and returns its folder. */
    Path bundle(String name) throws Exception {
        Path dir = context.outDir().resolve("models").resolve(name);
        if (trained.containsKey(name)) return trained.get(name);
        if (options.reuse() && Files.isRegularFile(dir.resolve("manifest.json"))) {
            log("reusing " + dir);
            return dir;
        }
        Path log = context.simulationDir().resolve("train").resolve("ubi_queries_events.ndjson");
        if (!Files.isRegularFile(log)) {
            throw new IllegalStateException("[models] learned model [" + name + "] needs the simulated training log ["
                    + log + "]; run without --no-logs");
        }
        Path[] split = innerSplit();
        List<String> args = new ArrayList<>(List.of("--products", context.productsFile().toString(),
                "--judgments", context.trainJudgmentsFile().toString(), "--validation-judgments", split[1].toString(),
                "--ubi-logs", log.toString(), "--out", dir.toString(), "--variant", VARIANTS.get(name),
                "--seed", String.valueOf(context.simulation().config().seed()), "--no-progress",
                // the trainer's first-phase windows (bm25_ratio's best score, unexposed negatives) hold the same
                // candidates as the simulated shop's: a graded-protocol log gets judged-candidate windows
                "--first-phase-candidates", context.simulation().config().protocol().trainerCandidates()));
        args.addAll(List.of("--encoder", encoder().toString()));
        if (LABELLED_HISTORY.contains(name)) args.addAll(List.of("--history-grades", "labelled"));
        // development: extra trainer flags for every learned model (e.g. an option under study), never set by CI
        String extra = System.getenv("PRECTR_EVAL_TRAINER_ARGS");
        if (extra != null && !extra.isBlank()) args.addAll(List.of(extra.trim().split("\\s+")));
        if (options.stage1Epochs() != null) args.addAll(List.of("--stage1-epochs", options.stage1Epochs().toString()));
        if (options.stage2Epochs() != null && !name.equals("relevance_only")) {
            args.addAll(List.of("--stage2-epochs", options.stage2Epochs().toString()));
        }
        log("training " + name + ": train " + String.join(" ", args));
        long t0 = System.nanoTime();
        args.add(0, "train");
        int rc = TrainerProcess.run(args);
        if (rc != 0) throw new IllegalStateException("[models] training [" + name + "] failed with exit code [" + rc + "]");
        log(String.format(java.util.Locale.ROOT, "trained %s in %.0f s", name, (System.nanoTime() - t0) / 1e9));
        trained.put(name, dir);
        return dir;
    }

    /** Stage 0 once per run (or the weights given). */
    private Path encoder() throws Exception {
        if (encoder != null) return encoder;
        Path dir = context.outDir().resolve("models").resolve("stage0");
        Path weights = dir.resolve("encoder.weights");
        if (!(options.reuse() && Files.isRegularFile(weights))) {
            Path[] split = innerSplit();
            List<String> args = new ArrayList<>(List.of("--products", context.productsFile().toString(),
                    "--train", split[0].toString(), "--validation", split[1].toString(), "--out", dir.toString(),
                    "--seed", String.valueOf(context.simulation().config().seed()), "--no-progress",
                    // the teachers are compared on the test queries by this harness itself (teacher_bge, teacher_minilm)
                    "--compare-teachers", "bge-small"));
            if (options.stage0Epochs() != null) {
                args.addAll(List.of("--distill-epochs", String.valueOf(options.stage0Epochs()[0]),
                        "--sft-epochs", String.valueOf(options.stage0Epochs()[1])));
            }
            log("stage 0: stage0 " + String.join(" ", args));
            long t0 = System.nanoTime();
            args.add(0, "stage0");
            int rc = TrainerProcess.run(args);
            if (rc != 0) throw new IllegalStateException("[models] stage 0 failed with exit code [" + rc + "]");
            log(String.format(java.util.Locale.ROOT, "stage 0 done in %.0f s", (System.nanoTime() - t0) / 1e9));
        }
        encoder = weights;
        return encoder;
    }

    private Path[] innerSplit() throws IOException {
        if (innerSplit == null) {
            innerSplit = InnerSplit.write(context.trainJudgments(), context.outDir().resolve("models").resolve("judgments"));
        }
        return innerSplit;
    }

    private static void log(String line) {
        System.err.println("[eval] " + line);
    }
}
