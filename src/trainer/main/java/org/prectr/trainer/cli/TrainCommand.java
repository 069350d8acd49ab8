package org.prectr.trainer.cli;

import ai.djl.ndarray.NDManager;
import org.prectr.core.text.Vocabulary;
import org.prectr.trainer.data.Impression;
import org.prectr.trainer.data.Judgments;
import org.prectr.trainer.data.Product;
import org.prectr.trainer.data.ProductReader;
import org.prectr.trainer.data.UbiLogReader;
import org.prectr.trainer.encoder.DistilledEncoder;
import org.prectr.trainer.encoder.EncoderConfig;
import org.prectr.trainer.export.BundleWriter;
import org.prectr.trainer.model.IncentiveMode;
import org.prectr.trainer.teacher.TeacherModel;
import org.prectr.trainer.train.EpochRecord;
import org.prectr.trainer.train.PrectrTrainer;
import org.prectr.trainer.train.TeacherEmbedder;
import org.prectr.trainer.train.TextModel;
import org.prectr.trainer.train.TrainedModel;
import org.prectr.trainer.train.TrainerConfig;
import org.prectr.trainer.train.TrainingData;
import org.prectr.trainer.train.Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code train}: stages 1 and 2 on products, judgments and UBI logs, then the bundle. Every component
 * has a switch; an option left out keeps the value of the chosen {@code --variant} (whose base is the
 * documented default, docs/training.md).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train PRECTR / PRECTR-V2 (stages 1-2) and write the bundle the plugin serves.",
        "Variant v2_no_distilled_encoder trains PRECTR-V2 on frozen teacher embeddings (--frozen-teacher, default "
            + TrainCommand.DEFAULT_FROZEN_TEACHER + ") instead of the stage-0 encoder; its bundle serves the teacher's graph."})
public final class TrainCommand implements Callable<Integer> {

    /** The bert-base-uncased vocabulary inside the teacher jar (the distilled encoder's vocabulary). */
    static final String VOCABULARY_RESOURCE = "bge-small-en-v1.5-q-tokenizer.json";
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
    @Option(names = "--ubi-logs", required = true, split = ",", description = "UBI ndjson log file(s), comma separated")
    List<Path> ubiLogs;
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

    @Override
    public Integer call() throws Exception {
        TrainerConfig config = config();
        TeacherModel teacher = frozenTeacher();
        if (teacher != null && config.fineTuneEncoder()) {
            throw new IllegalArgumentException("[fine_tune_encoder] cannot be used with the frozen teacher ["
                + teacher.optionName() + "]: its embeddings are not trained");
        }
        if (teacher != null && teacher.quantized()) {
            System.err.println("warning: teacher [" + teacher.optionName() + "] is int8: its embedding of a text depends on"
                + " the other texts of a batch, so the bundle's served scores will differ from the trained ones");
        }
        Map<String, Product> catalogue = ProductReader.read(products);
        List<Impression> impressions = new ArrayList<>();
        for (Path log : ubiLogs) {
            impressions.addAll(UbiLogReader.read(log));
        }
        impressions.sort(java.util.Comparator.comparingLong(Impression::timeMillis).thenComparing(Impression::searchId)
            .thenComparingInt(Impression::position));
        TrainingData data = new TrainingData(catalogue, Judgments.read(judgments),
            validationJudgments == null ? null : Judgments.read(validationJudgments), impressions);
        if (teacher != null) {
            // query and item embeddings at the config's max lengths, which BundleWriter writes into the manifest
            try (TeacherEmbedder embedder = TeacherEmbedder.open(teacher, config.queryMaxLength(), config.itemMaxLength(),
                     Math.max(1, Runtime.getRuntime().availableProcessors()));
                 TrainedModel model = new PrectrTrainer(config, !noProgress)
                     .train(data, new TextModel(embedder.vocabulary(), null, embedder))) {
                finish(model, impressions.size(), catalogue.size(), teacher);
            }
            return 0;
        }
        Vocabulary vocab = vocabulary != null ? Vocabulary.read(vocabulary) : bertVocabulary();
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder textEncoder = encoder != null
                 ? DistilledEncoder.load(manager, encoder)
                 : DistilledEncoder.create(manager, EncoderConfig.DEFAULTS, config.seed());
             TrainedModel model = new PrectrTrainer(config, !noProgress).train(data, new TextModel(vocab, textEncoder, null))) {
            finish(model, impressions.size(), catalogue.size(), null);
        }
        return 0;
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

    private void finish(TrainedModel model, int impressionCount, int productCount, TeacherModel teacher) throws IOException {
        for (EpochRecord r : model.records()) {
            System.err.printf(java.util.Locale.ROOT, "stage %d epoch %d losses %s validation %s (%.0f rows/s)%n",
                r.stage(), r.epoch(), r.losses(), r.validation(), r.rowsPerSecond());
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", "train " + String.join(" ", commandLine()));
        run.put("products", products.toString());
        run.put("judgments", judgments.toString());
        run.put("validation_judgments", String.valueOf(validationJudgments));
        run.put("ubi_logs", ubiLogs.toString());
        run.put("encoder", teacher != null ? "none (frozen teacher)" : String.valueOf(encoder));
        if (teacher != null) {
            run.put("frozen_teacher", teacher.optionName());
        }
        run.put("impressions", impressionCount);
        run.put("products_count", productCount);
        BundleWriter.write(model, out, run);
        System.err.println("bundle written to " + out);
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
        args.addAll(List.of("--ubi-logs", String.join(",", ubiLogs.stream().map(Path::toString).toList()),
            "--out", out.toString(), "--seed", Long.toString(seed), "--variant", variant));
        if (encoder != null) {
            args.addAll(List.of("--encoder", encoder.toString()));
        }
        if (frozenTeacher != null) {
            args.addAll(List.of("--frozen-teacher", frozenTeacher));
        }
        return args;
    }

    static Vocabulary bertVocabulary() throws IOException {
        try (InputStream in = TrainCommand.class.getClassLoader().getResourceAsStream(VOCABULARY_RESOURCE)) {
            if (in == null) {
                throw new IOException("vocabulary resource [" + VOCABULARY_RESOURCE + "] is not on the classpath");
            }
            return Vocabulary.fromTokenizerJson(in);
        }
    }

    /** @return whether a path exists (for messages) */
    static boolean exists(Path p) {
        return p != null && Files.exists(p);
    }
}
