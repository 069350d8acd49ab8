package org.prectr.trainer.cli;

import org.prectr.trainer.model.IncentiveMode;
import org.prectr.trainer.pipeline.TrainingPipeline;
import org.prectr.trainer.pipeline.TrainingRequest;
import org.prectr.trainer.teacher.TeacherModel;
import org.prectr.trainer.train.TrainerConfig;
import org.prectr.trainer.train.Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code train}: stages 1 and 2 on products, judgments and UBI logs, then the bundle. This class only
 * parses flags into a {@link TrainingRequest} for the {@link TrainingPipeline}. Every component has a switch;
 * an option left out keeps the value of the chosen {@code --variant} (whose base is the
 * documented default, docs/training.md).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train PRECTR / PRECTR-V2 (stages 1-2) and write the bundle the plugin serves.",
        "Variant v2_no_distilled_encoder trains PRECTR-V2 on frozen teacher embeddings (--frozen-teacher, default "
            + TrainCommand.DEFAULT_FROZEN_TEACHER + ") instead of the stage-0 encoder; its bundle serves the teacher's graph."})
public final class TrainCommand implements Callable<Integer> {

    /**
     * The teacher of variant v2_no_distilled_encoder unless {@code --frozen-teacher} names another: the
     * float32 all-MiniLM-L6-v2, whose exported graph gives the same embedding for a text alone and in a
     * padded batch (the plugin batches a window's items); the int8 teachers do not (docs/training.md).
     */
    static final String DEFAULT_FROZEN_TEACHER = "minilm";

    @Option(names = "--products", required = true, description = "products: OpenSearch bulk file (.ndjson or .zip)")
    Path products;
    @Option(names = "--judgments", required = true, description = "training-split judgments (SRW IMPORT_JUDGMENT format)")
    Path judgments;
    @Option(names = "--validation-judgments", description = "validation-split judgments (metrics per epoch)")
    Path validationJudgments;
    @Option(names = "--ubi-logs", split = ",", description = "UBI ndjson log file(s), comma separated (or --ubi-from)")
    List<Path> ubiLogs = new ArrayList<>();
    @Option(names = "--ubi-from", paramLabel = "URL", description = "read the UBI log straight from a cluster, http://host:port "
        + "(its ubi_queries and ubi_events indexes, point in time + search_after), as well as from --ubi-logs")
    java.net.URI ubiFrom;
    @Option(names = "--out", required = true, description = "bundle folder; its name is the bundle name")
    Path out;
    @Option(names = "--encoder", description = "stage-0 encoder weights (encoder.weights); without it a fresh encoder is "
        + "initialised from the seed; not used with a frozen teacher")
    Path encoder;
    @Option(names = "--frozen-teacher", paramLabel = "NAME",
        description = "train on the frozen embeddings of this teacher (bge-small, minilm, minilm-q) instead of the encoder,"
            + " and serve the teacher's graph; default " + DEFAULT_FROZEN_TEACHER + " for variant v2_no_distilled_encoder,"
            + " none for the others. The int8 teachers (bge-small, minilm-q) embed a text differently inside a padded"
            + " batch, so served scores differ from the trained ones")
    String frozenTeacher;
    @Option(names = "--vocabulary", description = "vocab.txt of the encoder (default: bert-base-uncased from the teacher jar)")
    Path vocabulary;
    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--variant", defaultValue = "prectr_v2",
        description = "prectr_v2, prectr_v1, v2_no_cross_user, v2_no_debias, v2_no_distilled_encoder, v2_single_stage, "
            + "v2_no_consistency, dnn, relevance (default: ${DEFAULT-VALUE})")
    String variant;
    @Option(names = "--no-progress", description = "do not draw progress bars")
    boolean noProgress;

    @Option(names = "--stage1-epochs") Integer stage1Epochs;
    @Option(names = "--stage2-epochs") Integer stage2Epochs;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--learning-rate") Float learningRate;
    @Option(names = "--encoder-learning-rate") Float encoderLearningRate;
    @Option(names = "--stage1", negatable = true, description = "two-stage training (RSL pretraining)") Boolean stage1;
    @Option(names = "--fine-tune-encoder", negatable = true, description = "end-to-end encoder fine-tuning") Boolean fineTune;
    @Option(names = "--fusion", negatable = true, description = "conditional fusion sum_i c_i p_i") Boolean fusion;
    @Option(names = "--incentive", description = "none, personal (V1) or mixture (V2)") String incentive;
    @Option(names = "--cross-user", negatable = true, description = "r_cate cross-user preference (V2)") Boolean crossUser;
    @Option(names = "--consistency-ce", negatable = true) Boolean consistencyCe;
    @Option(names = "--consistency-kl", negatable = true) Boolean consistencyKl;
    @Option(names = "--consistency-ce-weight", description = "weight of CE(RSL, grade) in stage 2") Float consistencyCeWeight;
    @Option(names = "--consistency-kl-weight", description = "weight of KL(stage-1 RSL || RSL) in stage 2") Float consistencyKlWeight;
    @Option(names = "--monotonicity", negatable = true) Boolean monotonicity;
    @Option(names = "--hard-negatives", negatable = true, description = "embedding-noise hard negatives + pairwise loss") Boolean hardNegatives;
    @Option(names = "--noise-sigma") Float noiseSigma;
    @Option(names = "--pair-margin") Float pairMargin;
    @Option(names = "--pair-drop-share") Double pairDropShare;
    @Option(names = "--temperature", description = "r_u: softmax temperature on history-query cosines") Double temperature;
    @Option(names = "--max-history", description = "r_u: latest history entries used") Integer maxHistory;
    @Option(names = "--first-phase-fields", split = ",",
        description = "text fields the first phase searches (BM25 match), for the bm25_ratio feature; 'none' for no such feature")
    List<String> firstPhaseFields;
    @Option(names = "--unexposed-negatives",
        description = "stage 2: per logged search, unshown products of the query's first-phase window added without a click")
    Integer unexposedNegatives;
    @Option(names = "--rescore-window", description = "the first-phase window those negatives are drawn from")
    Integer rescoreWindow;
    @Option(names = "--first-phase-candidates", paramLabel = "catalogue|judged",
        description = "a query's first-phase window: its BM25 top of the whole catalogue (catalogue, as a live index) or its"
            + " judged products in BM25 order (judged: the evaluation's graded protocol); sets the window's best score and"
            + " where unexposed negatives come from")
    String firstPhaseCandidates;
    @Option(names = "--position-aware", negatable = true,
        description = "fit clicks with a learned examination probability per display position (left out at serving)")
    Boolean positionAware;
    @Option(names = "--select-best-epoch", negatable = true, description = "keep each stage's best validation epoch") Boolean selectBest;
    @Option(names = "--relevance-input",
        description = "what the RSL head reads of the two embeddings: full ([e_q, e_t, e_q*e_t, |e_q-e_t|]) or agreement"
            + " ([e_q*e_t, |e_q-e_t|])")
    String relevanceInput;
    @Option(names = "--relevance-first-phase", negatable = true,
        description = "the RSL head also reads the first-phase feature (bm25_ratio)")
    Boolean relevanceFirstPhase;
    @Option(names = "--history-grades",
        description = "grades of history clicks for r_u: inferred (the stage-1 relevance head, as serving does) or labelled"
            + " (the training judgments)")
    String historyGrades;
    @Option(names = "--fine-tune-layers",
        description = "with --fine-tune-encoder: top encoder layers trained (lower layers frozen, their outputs cached)")
    Integer fineTuneLayers;
    @Option(names = "--relevance-listwise-weight",
        description = "stage 1: weight of the listwise term (each query's rows ranked by expected gain against their gains)")
    Float relevanceListwiseWeight;
    @Option(names = "--relevance-weight", split = ",", paramLabel = "W[,W...]",
        description = "weight(s) of the relevance head's expected gain in the served score; several: the best by NDCG@10"
            + " plus click AUC on the validation queries (default 0,1,2,4,8,16,32,64)")
    List<Float> relevanceWeights;
    @Option(names = "--freeze-relevance-head", negatable = true,
        description = "stage 2 does not update the RSL head (stop-gradient from the clicks into P(grade | x))")
    Boolean freezeRelevanceHead;
    @Option(names = "--history-match-fields", split = ",",
        description = "keyword fields compared with the user's clicked items (history_<field> features); 'none' (the default)"
            + " for no such feature")
    List<String> historyMatchFields;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", "train " + String.join(" ", commandLine()));
        new TrainingPipeline(!noProgress).run(request(), provenance);
        return 0;
    }

    /** @return the typed request these flags describe */
    TrainingRequest request() {
        return new TrainingRequest(products, judgments, validationJudgments, ubiLogs, ubiFrom, encoder, frozenTeacher(),
            vocabulary, config(), out);
    }

    /**
     * @return the teacher whose frozen embeddings replace the encoder: {@code --frozen-teacher}, else
     *     {@link #DEFAULT_FROZEN_TEACHER} for variant v2_no_distilled_encoder, else null
     */
    TeacherModel frozenTeacher() {
        if (frozenTeacher != null) {
            return TeacherModel.fromName(frozenTeacher);
        }
        return Variant.fromName(variant).usesDistilledEncoder() ? null : TeacherModel.fromName(DEFAULT_FROZEN_TEACHER);
    }

    TrainerConfig config() {
        TrainerConfig base = TrainerConfig.defaults().toBuilder().set("seed", seed).build();
        TrainerConfig.Builder b = Variant.fromName(variant).apply(base).toBuilder();
        setIf(b, "stage1Epochs", stage1Epochs);
        setIf(b, "stage2Epochs", stage2Epochs);
        setIf(b, "batchSize", batchSize);
        setIf(b, "learningRate", learningRate);
        setIf(b, "encoderLearningRate", encoderLearningRate);
        setIf(b, "stage1", stage1);
        setIf(b, "fineTuneEncoder", fineTune);
        setIf(b, "fusion", fusion);
        if (incentive != null) {
            b.set("incentive", incentive(incentive));
        }
        setIf(b, "crossUserPreference", crossUser);
        setIf(b, "consistencyCe", consistencyCe);
        setIf(b, "consistencyKl", consistencyKl);
        setIf(b, "consistencyCeWeight", consistencyCeWeight);
        setIf(b, "consistencyKlWeight", consistencyKlWeight);
        setIf(b, "monotonicity", monotonicity);
        setIf(b, "hardNegatives", hardNegatives);
        setIf(b, "noiseSigma", noiseSigma);
        setIf(b, "pairMargin", pairMargin);
        setIf(b, "pairDropShare", pairDropShare);
        setIf(b, "temperature", temperature);
        setIf(b, "maxHistory", maxHistory);
        if (firstPhaseFields != null) {
            b.set("firstPhaseFields", firstPhaseFields.equals(List.of("none")) ? List.of() : List.copyOf(firstPhaseFields));
        }
        setIf(b, "unexposedNegatives", unexposedNegatives);
        setIf(b, "rescoreWindow", rescoreWindow);
        setIf(b, "firstPhaseCandidates", firstPhaseCandidates);
        setIf(b, "positionAware", positionAware);
        setIf(b, "selectBestEpoch", selectBest);
        if (relevanceInput != null) {
            b.set("relevanceInput", org.prectr.trainer.model.RelevanceInput.fromName(relevanceInput));
        }
        setIf(b, "relevanceFirstPhase", relevanceFirstPhase);
        setIf(b, "fineTuneLayers", fineTuneLayers);
        setIf(b, "relevanceListwiseWeight", relevanceListwiseWeight);
        setIf(b, "relevanceWeights", relevanceWeights);
        setIf(b, "freezeRelevanceHead", freezeRelevanceHead);
        if (historyMatchFields != null) {
            b.set("historyMatchFields", historyMatchFields.equals(List.of("none")) ? List.of() : List.copyOf(historyMatchFields));
        }
        if (historyGrades != null) {
            b.set("historyGrades", org.prectr.trainer.train.HistoryGradeSource.fromName(historyGrades));
        }
        return b.build();
    }

    static IncentiveMode incentive(String name) {
        for (IncentiveMode m : IncentiveMode.values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("[incentive] must be one of [none, personal, mixture] but was [" + name + "]");
    }

    private static void setIf(TrainerConfig.Builder b, String name, Object value) {
        if (value != null) {
            b.set(name, value);
        }
    }

    private List<String> commandLine() {
        List<String> args = new ArrayList<>(List.of("--products", products.toString(), "--judgments", judgments.toString()));
        if (validationJudgments != null) {
            args.addAll(List.of("--validation-judgments", validationJudgments.toString()));
        }
        if (!ubiLogs.isEmpty()) {
            args.addAll(List.of("--ubi-logs", String.join(",", ubiLogs.stream().map(Path::toString).toList())));
        }
        if (ubiFrom != null) {
            args.addAll(List.of("--ubi-from", ubiFrom.toString()));
        }
        args.addAll(List.of("--out", out.toString(), "--seed", Long.toString(seed), "--variant", variant));
        if (encoder != null) {
            args.addAll(List.of("--encoder", encoder.toString()));
        }
        if (frozenTeacher != null) {
            args.addAll(List.of("--frozen-teacher", frozenTeacher));
        }
        return args;
    }

    /** @return whether a path exists (for messages) */
    static boolean exists(Path p) {
        return p != null && Files.exists(p);
    }
}
