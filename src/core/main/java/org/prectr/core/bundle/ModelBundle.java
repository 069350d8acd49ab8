package org.prectr.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.QueryPreferenceEntry;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.inference.InferenceException;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.core.inference.OnnxPrectrModel;
import org.prectr.core.inference.PrectrModel;
import org.prectr.core.inference.WindowScorer;
import org.prectr.core.text.Vocabulary;
import org.prectr.core.text.WordPieceTokenizer;

/**
 * A loaded, validated model bundle: manifest, vocabulary and tokenizer, feature schema, ONNX model and
 * (V2) the cross-user query preference table, plus the {@link WindowScorer} over them. Loading checks
 * the files in order (manifest, vocabulary and its SHA-256, preference table, graphs) so that a bad
 * bundle fails early, names the file, and leaves nothing open. One instance is shared by all searches;
 * {@link #close()} releases the ONNX sessions.
 */
public final class ModelBundle implements AutoCloseable {

    private final Path dir;
    private final BundleManifest manifest;
    private final Vocabulary vocabulary;
    private final WordPieceTokenizer tokenizer;
    private final FeatureSchema schema;
    private final PrectrModel model;
    private final QueryPreferenceTable queryPreferences;
    private final WindowScorer scorer;

    private ModelBundle(Path dir, BundleManifest manifest, Vocabulary vocabulary, FeatureSchema schema,
                        PrectrModel model, QueryPreferenceTable queryPreferences) {
        this.dir = dir;
        this.manifest = manifest;
        this.vocabulary = vocabulary;
        this.tokenizer = new WordPieceTokenizer(vocabulary, manifest.tokenizer().lowercase());
        this.schema = schema;
        this.model = model;
        this.queryPreferences = queryPreferences;
        this.scorer = new WindowScorer(manifest, schema, tokenizer, model, queryPreferences);
    }

    /**
     * Loads and validates a bundle folder.
     *
     * @param dir the bundle folder (its name must equal the manifest's name)
     * @param options ONNX Runtime session options
     * @return the loaded bundle
     * @throws InvalidBundleException naming the bad file, what was expected and what was found
     */
    public static ModelBundle load(Path dir, InferenceOptions options) throws InvalidBundleException {
        BundleManifest manifest = readManifest(dir);
        FeatureSchema schema = FeatureSchema.of(manifest); // already checked by the manifest rules
        Vocabulary vocabulary = readVocabulary(dir, manifest.tokenizer());
        List<QueryPreferenceEntry> entries = manifest.queryPreferences() == null ? null
            : readQueryPreferences(dir, manifest);
        checkGraphFiles(dir, manifest);
        OnnxPrectrModel model = OnnxPrectrModel.load(dir, manifest, options);
        boolean success = false;
        try {
            QueryPreferenceTable table = entries == null ? null : buildTable(manifest, vocabulary, model, entries);
            ModelBundle bundle = new ModelBundle(dir, manifest, vocabulary, schema, model, table);
            success = true;
            return bundle;
        } finally {
            if (success == false) {
                model.close();
            }
        }
    }

    /** Encodes every table entry's query with the bundle's own query encoder (docs/bundle.md). */
    private static QueryPreferenceTable buildTable(BundleManifest manifest, Vocabulary vocabulary, PrectrModel model,
                                                   List<QueryPreferenceEntry> entries) throws InvalidBundleException {
        WordPieceTokenizer tokenizer = new WordPieceTokenizer(vocabulary, manifest.tokenizer().lowercase());
        int maxLength = manifest.tokenizer().queryMaxLength();
        try {
            return QueryPreferenceTable.of(entries, manifest.gradeCount(), manifest.queryPreferences().similarityThreshold(),
                texts -> model.encodeQueries(tokenizer.encodeBatch(texts, maxLength)));
        } catch (InferenceException | IllegalArgumentException e) {
            throw InvalidBundleException.expected(manifest.queryPreferences().file(), "entries",
                "queries the query encoder can encode", e.getMessage());
        }
    }

    private static BundleManifest readManifest(Path dir) throws InvalidBundleException {
        Path file = dir.resolve(BundleManifest.FILE);
        if (Files.isRegularFile(file) == false) {
            throw InvalidBundleException.expected(BundleManifest.FILE, "(file)", "a manifest", "no such file");
        }
        BundleManifest manifest;
        try {
            manifest = BundleManifestJson.read(file);
        } catch (IOException e) {
            throw InvalidBundleException.expected(BundleManifest.FILE, "(file)", "a readable file", e.getMessage());
        }
        String folder = String.valueOf(dir.toAbsolutePath().normalize().getFileName());
        if (manifest.name().equals(folder) == false) {
            throw InvalidBundleException.expected(BundleManifest.FILE, "name", "the folder name " + folder, manifest.name());
        }
        return manifest;
    }

    private static Vocabulary readVocabulary(Path dir, TokenizerSpec spec) throws InvalidBundleException {
        String name = spec.vocabulary();
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file) == false) {
            throw InvalidBundleException.expected(name, "(file)", "a vocabulary", "no such file");
        }
        try {
            String sha = sha256(file);
            if (sha.equals(spec.vocabularySha256()) == false) {
                throw InvalidBundleException.expected(name, "sha256", spec.vocabularySha256(), sha);
            }
            Vocabulary vocabulary = Vocabulary.read(file);
            for (String token : List.of(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.CLS, Vocabulary.SEP)) {
                if (vocabulary.contains(token) == false) {
                    throw InvalidBundleException.expected(name, "tokens", "a line " + token, "none");
                }
            }
            if (vocabulary.id(Vocabulary.PAD) != 0) {
                throw InvalidBundleException.expected(name, "line 0", Vocabulary.PAD, vocabulary.token(0));
            }
            return vocabulary;
        } catch (IOException e) {
            throw InvalidBundleException.expected(name, "(file)", "a readable UTF-8 file", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(name, e.getMessage(), e);
        }
    }

    private static List<QueryPreferenceEntry> readQueryPreferences(Path dir, BundleManifest manifest)
        throws InvalidBundleException {
        String name = manifest.queryPreferences().file();
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file) == false) {
            throw InvalidBundleException.expected(name, "(file)", "a query preference table", "no such file");
        }
        try {
            return QueryPreferenceTable.readEntries(file, manifest.gradeCount());
        } catch (IOException e) {
            throw InvalidBundleException.expected(name, "(file)", "a readable file", e.getMessage());
        }
    }

    private static void checkGraphFiles(Path dir, BundleManifest manifest) throws InvalidBundleException {
        for (GraphContract.Role role : GraphContract.Role.values()) {
            String name = role.of(manifest.graphs()).file();
            if (Files.isRegularFile(dir.resolve(name)) == false) {
                throw InvalidBundleException.expected(name, "(file)", "the " + role.jsonName() + " graph", "no such file");
            }
        }
    }

    /**
     * @param file a file
     * @return the lower-case hex SHA-256 of its bytes (as manifest.json's {@code vocabulary_sha256})
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** @return the bundle folder */
    public Path dir() {
        return dir;
    }

    /** @return the manifest */
    public BundleManifest manifest() {
        return manifest;
    }

    /** @return the vocabulary */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** @return the tokenizer */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** @return the feature schema */
    public FeatureSchema schema() {
        return schema;
    }

    /** @return the model */
    public PrectrModel model() {
        return model;
    }

    /** @return the r_cate table, or null for a V1 bundle */
    public QueryPreferenceTable queryPreferences() {
        return queryPreferences;
    }

    /** @return the serving entry point over this bundle */
    public WindowScorer scorer() {
        return scorer;
    }

    /** Closes the ONNX sessions; idempotent. */
    @Override
    public void close() {
        model.close();
    }
}
