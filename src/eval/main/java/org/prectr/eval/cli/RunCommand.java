package org.prectr.eval.cli;

import org.prectr.eval.run.EvalResults;
import org.prectr.eval.run.EvalRunner;
import org.prectr.eval.run.EvalSettings;
import org.prectr.eval.run.ModelFactory;
import org.prectr.eval.run.Check;
import org.prectr.eval.run.TrainedModels;
import org.prectr.eval.run.TrainingOptions;
import org.prectr.eval.sim.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code run}: the whole evaluation in one command (eval/run.sh): simulate, train/build every model
 * on the training queries, evaluate on the test queries, write results.json, results.md, report.html.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Evaluate models on simulated users/clicks over real ESCI queries, products and grades.")
public final class RunCommand implements Callable<Integer> {
    /** Users in a --smoke run (CI: a few minutes on 2 cores). */
    public static final int SMOKE_USERS = 300;
    /** Models of a --smoke run without --models: every kind of ranker once, one learned model. */
    public static final List<String> SMOKE_MODELS = List.of("bm25", "teacher_minilm", "oracle", "oracle_personal",
            "oracle_utility", "prectr_v2");

    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin SimulationOptions sim;
    @Option(names = "--models", split = ",", description = "models to evaluate (default: all). Known: "
            + "bm25, teacher_bge, teacher_minilm, oracle, oracle_personal, oracle_utility, the learned models, or a NAME given by --bundle")
    List<String> models;
    @Option(names = "--bundle", description = "NAME=DIR: also evaluate this exported bundle through the served path (repeatable)")
    Map<String, Path> bundles = new LinkedHashMap<>();
    @Option(names = "--out", required = true, description = "output folder")
    Path out;
    @Option(names = "--smoke", description = "reduced size for CI: at most " + SMOKE_USERS + " users, stage-0 epochs 1,1, "
            + "one epoch per stage, and (without --models) " + "bm25, teacher_minilm, the oracles and prectr_v2")
    boolean smoke;
    @Option(names = "--no-logs", description = "do not write the simulated logs under OUT/sim")
    boolean noLogs;
    @Option(names = "--fail-on-sanity", description = "exit 3 when a sanity check fails (goal checks are findings, not failures)")
    boolean failOnSanity;
    @Option(names = "--encoder", description = "stage-0 encoder.weights to reuse (default: run stage 0 once, on the training queries)")
    Path encoder;
    @Option(names = "--stage0-epochs", split = ",", description = "DISTILL,SFT epochs of stage 0 (default: the trainer's; --smoke: 1,1)")
    int[] stage0Epochs;
    @Option(names = "--stage1-epochs", description = "stage-1 epochs (default: the trainer's; --smoke: 1)")
    Integer stage1Epochs;
    @Option(names = "--stage2-epochs", description = "stage-2 epochs (default: the trainer's; --smoke: 1)")
    Integer stage2Epochs;
    @Option(names = "--reuse-models", description = "reuse bundles already under OUT/models instead of training again")
    boolean reuseModels;

    @Override
    public Integer call() throws Exception {
        SimulationConfig config = sim.toConfig();
        if (smoke) config = config.withUsers(Math.min(config.users(), SMOKE_USERS));
        List<String> names = models;
        if ((names == null || names.isEmpty()) && smoke) {
            names = SMOKE_MODELS;
        } else if (names == null || names.isEmpty()) {
            names = new ArrayList<>(ModelFactory.BASELINES);
            // the full models first, so a long run reports them before the ablations
            names.addAll(List.of("prectr_v2", "prectr_v1", "dnn_click", "fused_rule"));
            for (String n : TrainedModels.NAMES) if (!names.contains(n)) names.add(n);
            names.addAll(bundles.keySet());
        }
        if (stage0Epochs != null && stage0Epochs.length != 2) {
            throw new IllegalArgumentException("[stage0-epochs] must be DISTILL,SFT but was [" + stage0Epochs.length + " values]");
        }
        TrainingOptions training = new TrainingOptions(encoder,
                stage0Epochs != null ? stage0Epochs : smoke ? new int[] {1, 1} : null,
                stage1Epochs != null ? stage1Epochs : smoke ? Integer.valueOf(1) : null,
                stage2Epochs != null ? stage2Epochs : smoke ? Integer.valueOf(1) : null, reuseModels);
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(spec.name())) args.remove(0); // the subcommand itself
        String command = "eval/run.sh " + String.join(" ", args);
        EvalSettings settings = new EvalSettings(data.trainJudgments, data.testJudgments, data.products, data.bm25Fields,
                config, names, bundles, !noLogs, out, training, command);
        EvalResults results = new EvalRunner(settings).run();
        boolean allPassed = true;
        for (Check c : results.checks()) {
            System.out.println((c.passed() ? "PASS " : "FAIL ") + c.kind().label() + " " + c.name() + ": " + c.detail());
            if (c.kind() == Check.Kind.SANITY) allPassed &= c.passed();
        }
        System.out.println("results: " + out.resolve("results.json") + ", " + out.resolve("results.md") + ", "
                + out.resolve("report.html"));
        return failOnSanity && !allPassed ? 3 : 0;
    }
}
