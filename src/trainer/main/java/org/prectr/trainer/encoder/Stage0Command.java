package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDManager;
import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.teacher.TeacherEncoder;
import org.prectr.trainer.teacher.TeacherModel;
import org.prectr.trainer.teacher.TeacherTokenEmbeddings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code stage0}: trains the distilled encoder on the training split and writes, into {@code --out}, the
 * weights ({@code encoder.weights}, reusable by later stages through {@link DistilledEncoder#load}), the
 * encoder graph ({@code text_encoder.onnx}) and the report ({@code stage0_report.md}) comparing it with
 * the teachers on the validation queries. Teacher vectors are cached in {@code --out} as
 * {@code teacher-<name>.vectors}, so a rerun with other options skips the teachers.
 */
@Command(name = "stage0", mixinStandardHelpOptions = true,
    description = "Distil the PRECTR-V2 lightweight text encoder from a teacher, then fine-tune it on graded labels.")
public final class Stage0Command implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Stage0Command.class);
    /**
     * Standard deviation of the teacher-initialised token table: large enough that a token's identity is
     * comparable to its position signal after the projection to d (the random init's 0.008 is not).
     */
    static final double TOKEN_INIT_STD = 0.1;

    @Option(names = "--products", required = true, description = "products bulk file (.ndjson or .zip)")
    Path products;
    @Option(names = "--train", required = true, description = "training split judgments (SRW format)")
    Path train;
    @Option(names = "--validation", required = true, description = "validation split judgments, for selection only")
    Path validation;
    @Option(names = "--out", required = true, description = "output folder")
    Path out;
    @Option(names = "--teacher", defaultValue = "bge-small",
        description = "distillation teacher: bge-small, minilm, minilm-q (default: ${DEFAULT-VALUE})")
    String teacher;
    @Option(names = "--compare-teachers", split = ",", defaultValue = "bge-small,minilm",
        description = "teachers whose cosine NDCG@10 goes into the report (default: ${DEFAULT-VALUE})")
    List<String> compareTeachers;
    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--distill-epochs", defaultValue = "5", description = "distillation epochs (default: ${DEFAULT-VALUE})")
    int distillEpochs;
    @Option(names = "--sft-epochs", defaultValue = "3", description = "most SFT epochs (default: ${DEFAULT-VALUE})")
    int sftEpochs;
    @Option(names = "--token-init", defaultValue = "teacher",
        description = "initial token table: 'teacher' (all-MiniLM-L6-v2 fp32 word embeddings, seeded random projection"
            + " to the factor width, std " + TOKEN_INIT_STD + ") or 'random' (default: ${DEFAULT-VALUE})")
    String tokenInit;
    @Option(names = "--corpus", defaultValue = "catalogue",
        description = "what distillation reads: 'catalogue' (every catalogue title with a query made from it and its BM25"
            + " neighbours, plus the training queries' judged titles; the teacher labels every pair) or 'judged' (the"
            + " training split's judged pairs only) (default: ${DEFAULT-VALUE})")
    String corpus;
    @Option(names = "--titles-per-group", defaultValue = "8",
        description = "titles per made query in the catalogue corpus, its own title included (default: ${DEFAULT-VALUE})")
    int titlesPerGroup;
    @Option(names = "--no-progress", description = "do not draw progress bars")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        Stage0Config config = Stage0Config.DEFAULTS.withSeed(seed).withSchedule(distillEpochs, sftEpochs, !noProgress);
        TeacherModel distillFrom = TeacherModel.fromName(teacher);
        if (distillFrom != config.teacher()) {
            config = config.withTeacher(distillFrom);
        }
        Map<String, Product> catalogue = ProductReader.read(products);
        Stage0Data data = Stage0Data.of(Judgments.read(train), Judgments.read(validation), catalogue);
        Files.createDirectories(out);
        DistillationCorpus distillationCorpus = switch (corpus) {
            case "catalogue" -> DistillationCorpus.build(catalogue, data.train(),
                data.validation().stream().map(Stage0Data.QueryGroup::query).collect(java.util.stream.Collectors.toSet()),
                titlesPerGroup, seed);
            case "judged" -> null;
            default -> throw new IllegalArgumentException("[corpus] must be one of [catalogue, judged] but was [" + corpus + "]");
        };
        if (distillationCorpus != null) {
            LOG.info("distillation corpus: {} groups of {} titles, {} distinct texts", distillationCorpus.groups().size(),
                titlesPerGroup, distillationCorpus.texts().size());
        }

        Map<String, Double> teacherNdcg = new LinkedHashMap<>();
        Map<String, float[]> teacherVectors = new HashMap<>();
        Set<String> evaluated = new LinkedHashSet<>(compareTeachers);
        evaluated.add(distillFrom.optionName());
        WordPieceTokenizer tokenizer = null;
        for (String name : evaluated) {
            TeacherModel model = TeacherModel.fromName(name);
            long started = System.nanoTime();
            try (TeacherEncoder encoder = TeacherEncoder.open(model)) {
                Path cache = out.resolve("teacher-" + name + ".vectors");
                if (Files.exists(cache)) {
                    LOG.info("teacher {}: {} cached vectors read from {}", name, encoder.loadCache(cache), cache);
                }
                double ndcg = EsciNdcg.meanNdcg(data.validation(), (texts, queries) -> encoder.embed(texts));
                teacherNdcg.put(name, ndcg);
                if (model == distillFrom) {
                    Set<String> all = new LinkedHashSet<>(data.allTexts());
                    if (distillationCorpus != null) {
                        all.addAll(distillationCorpus.texts());
                    }
                    List<String> texts = new ArrayList<>(all);
                    float[][] vectors = encoder.embed(texts);
                    for (int i = 0; i < texts.size(); i++) {
                        teacherVectors.put(texts.get(i), vectors[i]);
                    }
                    tokenizer = encoder.tokenizer();
                }
                encoder.saveCache(cache);
                LOG.info("teacher {}: validation NDCG@10 {} ({} texts embedded in {} s)", name, String.format("%.4f", ndcg),
                    encoder.cachedTexts(), String.format("%.1f", (System.nanoTime() - started) / 1e9));
            }
        }

        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config.encoder(), config.seed())) {
            LOG.info("distilled encoder: {} parameters", encoder.parameterCount());
            if ("teacher".equals(tokenInit)) {
                // bge-small's table is int8 in its jar; MiniLM's fp32 table has the same vocabulary
                TeacherTokenEmbeddings table = TeacherTokenEmbeddings.read(TeacherModel.ALL_MINILM_L6_V2,
                    config.encoder().vocabularySize());
                encoder.initialiseTokenEmbedding(table.project(config.encoder().embeddingFactor(), TOKEN_INIT_STD, seed));
                LOG.info("token table initialised from all-MiniLM-L6-v2 ({} x {}) projected to {}", table.vocabulary(),
                    table.hidden(), config.encoder().embeddingFactor());
            } else if (!"random".equals(tokenInit)) {
                throw new IllegalArgumentException("[token_init] must be one of [teacher, random] but was [" + tokenInit + "]");
            }
            Stage0Report report = new Stage0Trainer(config, tokenizer).train(encoder, data, distillationCorpus, teacherVectors,
                teacherNdcg);
            encoder.save(out.resolve("encoder.weights"));
            encoder.exportOnnx(out.resolve("text_encoder.onnx"));
            String command = "stage0 --products " + products + " --train " + train + " --validation " + validation
                + " --out " + out + " --teacher " + teacher + " --seed " + seed + " --distill-epochs " + distillEpochs
                + " --sft-epochs " + sftEpochs + " --token-init " + tokenInit + " --corpus " + corpus
                + " --titles-per-group " + titlesPerGroup;
            Files.writeString(out.resolve("stage0_report.md"),
                report.toMarkdown() + "\nCommand: `" + command + "`\n", StandardCharsets.UTF_8);
            System.out.println(report.toMarkdown());
        }
        return 0;
    }

    /**
     * @param args command-line arguments; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Stage0Command()).execute(args));
    }
}
