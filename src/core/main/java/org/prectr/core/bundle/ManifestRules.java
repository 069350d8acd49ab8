package org.prectr.core.bundle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.FeatureSource;
import org.prectr.core.text.TextBounds;

/**
 * The manifest rules of docs/bundle.md that need no other file: versions, grades, tokenizer settings,
 * file names, graph names and shapes against {@link GraphContract}, the features (through
 * {@link FeatureSchema}) and the preference settings. Every failure names {@code manifest.json} and
 * the field.
 */
final class ManifestRules {

    /** Bundle files are plain names inside the bundle folder: no separators, no {@code ..}. */
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    /** Upper bound of the tokenizer max lengths (BERT-style position tables). */
    static final int MAX_SEQUENCE_LENGTH = 512;
    /** Longest manifest {@code version}: it is stored in the cluster state and in every stored embedding's version field. */
    static final int MAX_VERSION_LENGTH = 128;
    /** Upper bound of user_preference.max_history. */
    static final int MAX_HISTORY = 1000;

    private static final String FILE = BundleManifest.FILE;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ManifestRules() {}

    static void check(BundleManifest m) throws InvalidBundleException {
        if (m.formatVersion() != BundleManifest.FORMAT_VERSION) {
            throw bad("format_version", BundleManifest.FORMAT_VERSION, m.formatVersion());
        }
        if (BundleNames.isValid(m.name()) == false) {
            throw bad("name", "a name matching " + BundleNames.PATTERN.pattern() + " without ..", m.name());
        }
        if (m.version() == null || TextBounds.isBlank(m.version())) {
            throw bad("version", "a non-empty string", m.version());
        }
        // the version goes into the cluster state (stored bundles) and into every stored embedding's F_version
        if (TextBounds.length(m.version()) > MAX_VERSION_LENGTH || m.version().codePoints().anyMatch(Character::isISOControl)) {
            throw bad("version", "at most " + MAX_VERSION_LENGTH + " characters without control characters",
                TextBounds.length(m.version()) + " characters");
        }
        if (m.grades().size() < 2) {
            throw bad("grades", "at least 2 grade names", m.grades());
        }
        for (int i = 0; i < m.grades().size(); i++) {
            if (m.grades().get(i) == null || TextBounds.isBlank(m.grades().get(i))) {
                throw bad("grades[" + i + "]", "a non-blank grade name", m.grades().get(i));
            }
            if (TextBounds.length(m.grades().get(i)) > TextBounds.MAX_SHORT_LENGTH) {
                throw bad("grades[" + i + "]", "at most " + TextBounds.MAX_SHORT_LENGTH + " characters",
                    TextBounds.length(m.grades().get(i)) + " characters");
            }
        }
        checkTokenizer(m.tokenizer());
        if (m.itemTextFields().isEmpty()) {
            throw bad("item_text_fields", "at least 1 field", m.itemTextFields());
        }
        for (int i = 0; i < m.itemTextFields().size(); i++) {
            String field = m.itemTextFields().get(i);
            if (field == null || TextBounds.isBlank(field)) {
                throw bad("item_text_fields[" + i + "]", "a non-blank field name", field);
            }
            if (TextBounds.length(field) > TextBounds.MAX_SHORT_LENGTH) {
                throw bad("item_text_fields[" + i + "]", "at most " + TextBounds.MAX_SHORT_LENGTH + " characters",
                    TextBounds.length(field) + " characters");
            }
        }
        if (m.embeddingDim() < 1) {
            throw bad("embedding_dim", "an integer >= 1", m.embeddingDim());
        }
        FeatureSchema schema;
        try {
            schema = FeatureSchema.of(m);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(FILE, e.getMessage(), e);
        }
        checkGraphs(m, schema.size());
        UserPreferenceSpec up = m.userPreference();
        if (up.maxHistory() < 1 || up.maxHistory() > MAX_HISTORY) {
            throw bad("user_preference.max_history", "an integer in [1, " + MAX_HISTORY + "]", up.maxHistory());
        }
        if ((up.temperature() > 0 && Double.isFinite(up.temperature())) == false) {
            throw bad("user_preference.temperature", "> 0", up.temperature());
        }
        QueryPreferenceSpec qp = m.queryPreferences();
        if (qp != null) {
            checkFileName("query_preferences.file", qp.file());
            if ((qp.similarityThreshold() >= -1 && qp.similarityThreshold() <= 1) == false) {
                throw bad("query_preferences.similarity_threshold", "a cosine in [-1, 1]", qp.similarityThreshold());
            }
        } else {
            for (int i = 0; i < m.features().size(); i++) {
                if (m.features().get(i).source() == FeatureSource.QUERY_PREFERENCE) {
                    throw bad("query_preferences", "a table, since features[" + i + "] reads query_preference", null);
                }
            }
        }
    }

    private static void checkTokenizer(TokenizerSpec t) throws InvalidBundleException {
        if (TokenizerSpec.WORDPIECE.equals(t.type()) == false) {
            throw bad("tokenizer.type", TokenizerSpec.WORDPIECE, t.type());
        }
        checkFileName("tokenizer.vocabulary", t.vocabulary());
        if (t.vocabularySha256() == null || SHA256.matcher(t.vocabularySha256()).matches() == false) {
            throw bad("tokenizer.vocabulary_sha256", "64 lower-case hex digits", t.vocabularySha256());
        }
        if (t.queryMaxLength() < 2 || t.queryMaxLength() > MAX_SEQUENCE_LENGTH) {
            throw bad("tokenizer.query_max_length", "an integer in [2, " + MAX_SEQUENCE_LENGTH + "]", t.queryMaxLength());
        }
        if (t.itemMaxLength() < 2 || t.itemMaxLength() > MAX_SEQUENCE_LENGTH) {
            throw bad("tokenizer.item_max_length", "an integer in [2, " + MAX_SEQUENCE_LENGTH + "]", t.itemMaxLength());
        }
    }

    private static void checkGraphs(BundleManifest m, int featureCount) throws InvalidBundleException {
        GraphsSpec graphs = m.graphs();
        for (GraphContract.Role role : GraphContract.Role.values()) {
            String at = "graphs." + role.jsonName();
            GraphSpec graph = role.of(graphs);
            if (graph == null) {
                throw bad(at, "a graph", null);
            }
            checkFileName(at + ".file", graph.file());
            checkTensors(at + ".inputs", graph.inputs(),
                GraphContract.inputs(role, m.embeddingDim(), m.gradeCount(), featureCount));
            checkTensors(at + ".outputs", graph.outputs(),
                GraphContract.outputs(role, m.embeddingDim(), m.gradeCount(), featureCount));
        }
    }

    /**
     * Names must be exactly the contract's; each axis is -1 or the contract's fixed size, and the
     * contract's dynamic axes (batch, sequence) must be -1.
     */
    private static void checkTensors(String at, Map<String, List<Long>> declared, List<GraphContract.Tensor> contract)
        throws InvalidBundleException {
        List<String> expectedNames = contract.stream().map(GraphContract.Tensor::name).toList();
        if (declared == null || new HashSet<>(declared.keySet()).equals(new HashSet<>(expectedNames)) == false) {
            throw bad(at, "names " + expectedNames, declared == null ? null : new ArrayList<>(declared.keySet()));
        }
        for (GraphContract.Tensor tensor : contract) {
            List<Long> shape = declared.get(tensor.name());
            if (shape == null || shape.size() != tensor.shape().size() || shape.contains(null)) {
                throw bad(at + "." + tensor.name(), "shape " + tensor.shape(), shape);
            }
            for (int axis = 0; axis < shape.size(); axis++) {
                long want = tensor.shape().get(axis);
                long got = shape.get(axis);
                if (got != want && (want < 0 || got != GraphSpec.DYNAMIC)) {
                    throw bad(at + "." + tensor.name(), "shape " + tensor.shape(), shape);
                }
            }
        }
    }

    static void checkFileName(String field, String name) throws InvalidBundleException {
        if (name == null || FILE_NAME.matcher(name).matches() == false || name.contains("..")) {
            throw bad(field, "a file name inside the bundle folder (no separator, no ..)", name);
        }
    }

    private static InvalidBundleException bad(String field, Object expected, Object found) {
        return InvalidBundleException.expected(FILE, field, expected, found);
    }
}
