package org.prectr.core.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes manifest.json (snake_case, exactly as in docs/bundle.md). Reading is strict: an
 * unknown field, a wrong type (a float where an integer belongs, a string for a number) or a missing
 * required field is an {@link InvalidBundleException} naming the field, and then the rules of
 * {@link ManifestRules} that need no other file are checked. Writing is stable pretty JSON, so
 * {@code read(write(m))} equals {@code m}.
 */
public final class BundleManifestJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .build();

    /** Keys every manifest must have (the others are optional). */
    private static final List<String> REQUIRED = List.of("format_version", "name", "version", "seed", "grades",
        "tokenizer", "item_text_fields", "embedding_dim", "graphs", "features", "user_preference");
    private static final List<String> REQUIRED_TOKENIZER = List.of("type", "vocabulary", "vocabulary_sha256",
        "lowercase", "query_max_length", "item_max_length");
    private static final List<String> REQUIRED_USER_PREFERENCE = List.of("max_history", "temperature");
    private static final List<String> REQUIRED_QUERY_PREFERENCES = List.of("file", "similarity_threshold");

    private BundleManifestJson() {}

    /**
     * Reads and checks a manifest file.
     *
     * @param file the manifest.json path
     * @return the manifest
     * @throws IOException if the file cannot be read
     * @throws InvalidBundleException naming {@code manifest.json} and the bad field
     */
    public static BundleManifest read(Path file) throws IOException, InvalidBundleException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses and checks manifest JSON.
     *
     * @param json the manifest text
     * @return the manifest
     * @throws InvalidBundleException naming {@code manifest.json} and the bad field
     */
    public static BundleManifest parse(String json) throws InvalidBundleException {
        String file = BundleManifest.FILE;
        BundleManifest manifest;
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || tree.isObject() == false) {
                throw InvalidBundleException.expected(file, "(root)", "an object", tree == null ? "nothing" : tree.getNodeType());
            }
            requireKeys(tree, "", REQUIRED);
            requireKeys(tree.path("tokenizer"), "tokenizer.", REQUIRED_TOKENIZER);
            requireKeys(tree.path("user_preference"), "user_preference.", REQUIRED_USER_PREFERENCE);
            if (tree.has("query_preferences") && tree.get("query_preferences").isNull() == false) {
                requireKeys(tree.get("query_preferences"), "query_preferences.", REQUIRED_QUERY_PREFERENCES);
            }
            manifest = MAPPER.treeToValue(tree, BundleManifest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidBundleException(file, JacksonErrors.describe(e), e);
        }
        ManifestRules.check(manifest);
        return manifest;
    }

    private static void requireKeys(JsonNode node, String prefix, List<String> keys) throws InvalidBundleException {
        if (node.isObject() == false) {
            return; // a wrong type is reported by the binding with its path
        }
        for (String key : keys) {
            if (node.has(key) == false || node.get(key).isNull()) {
                throw InvalidBundleException.expected(BundleManifest.FILE, prefix + key, "a value", "missing");
            }
        }
    }

    /**
     * Checks a manifest against the rules that need no other file (see {@link ManifestRules}); for bundle
     * writers, before they write.
     *
     * @param manifest the manifest
     * @throws InvalidBundleException naming {@code manifest.json} and the bad field
     */
    public static void validate(BundleManifest manifest) throws InvalidBundleException {
        ManifestRules.check(manifest);
    }

    /**
     * @param manifest a manifest
     * @return pretty JSON, two-space indented, fields in manifest order, absent optional fields left out,
     *     ending with a newline
     */
    public static String write(BundleManifest manifest) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(manifest) + "\n";
        } catch (JsonProcessingException e) {
            // records of strings, numbers, lists and maps always serialise; training values are JSON values
            throw new IllegalStateException("cannot write manifest [" + manifest.name() + "]", e);
        }
    }

    /**
     * @param manifest a manifest
     * @param file the file to write (replaced if present)
     * @throws IOException if it cannot be written
     */
    public static void write(BundleManifest manifest, Path file) throws IOException {
        Files.writeString(file, write(manifest), StandardCharsets.UTF_8);
    }
}
