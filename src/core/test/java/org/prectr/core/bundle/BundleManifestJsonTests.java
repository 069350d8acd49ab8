package org.prectr.core.bundle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.Test;
import org.prectr.core.CoreFixtures;
import org.prectr.core.features.FeatureSource;

public class BundleManifestJsonTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    public void roundTripIsEqualAndStable() throws Exception {
        BundleManifest manifest = CoreFixtures.exampleManifest();
        String json = BundleManifestJson.write(manifest);
        BundleManifest back = BundleManifestJson.parse(json);
        assertEquals(manifest, back);
        assertEquals(json, BundleManifestJson.write(back));
    }

    @Test
    public void writesSnakeCaseInManifestOrderAndLeavesOutAbsentKeys() throws Exception {
        String json = BundleManifestJson.write(CoreFixtures.exampleManifest());
        assertTrue(json, json.startsWith("{\n  \"format_version\" : 1,\n  \"name\" : \"esci-v2\",\n"));
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        assertEquals(List.of("format_version", "name", "version", "seed", "grades", "tokenizer", "item_text_fields",
            "embedding_dim", "graphs", "features", "user_preference", "query_preferences", "training"), names(tree));
        assertEquals(List.of("input_ids", "attention_mask"), names((ObjectNode) tree.at("/graphs/query_encoder/inputs")));
        assertEquals(List.of("grade_probs", "click_probs", "tau", "score"), names((ObjectNode) tree.at("/graphs/scorer/outputs")));
        assertEquals("[-1,13]", tree.at("/graphs/scorer/inputs/features").toString());
        assertEquals("{\"name\":\"brand_in_query\",\"source\":\"match\",\"match\":\"field_in_query\",\"field\":\"brand\"}",
            tree.at("/features/3").toString());
        assertEquals("{\"name\":\"is_book\",\"source\":\"doc_keyword\",\"field\":\"is_book\",\"equals\":\"true\"}",
            tree.at("/features/5").toString());
        assertEquals("query_preferences.json", tree.at("/query_preferences/file").asText());
        assertEquals(0.8, tree.at("/query_preferences/similarity_threshold").asDouble(), 0);
    }

    @Test
    public void readsAV1ManifestWithoutQueryPreferencesOrTraining() throws Exception {
        List<org.prectr.core.bundle.FeatureSpec> features = new ArrayList<>(CoreFixtures.exampleFeatures());
        features.removeIf(f -> f.source() == FeatureSource.QUERY_PREFERENCE);
        BundleManifest example = CoreFixtures.manifest("esci-v1", CoreFixtures.SOME_SHA, 128, features);
        ObjectNode tree = tree(example);
        tree.remove("query_preferences");
        tree.remove("training");
        BundleManifest manifest = BundleManifestJson.parse(tree.toString());
        assertEquals(null, manifest.queryPreferences());
        assertEquals(null, manifest.training());
        assertEquals(11, manifest.features().size());
    }

    private static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode tree(BundleManifest manifest) throws Exception {
        return (ObjectNode) JSON.readTree(BundleManifestJson.write(manifest));
    }

    /** Parses the example manifest after an edit and returns the refusal's message. */
    private static String refusal(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode tree = tree(CoreFixtures.exampleManifest());
        edit.accept(tree);
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> BundleManifestJson.parse(tree.toString()));
        assertEquals("manifest.json", e.file());
        return e.getMessage();
    }

    private static ObjectNode at(ObjectNode tree, String pointer) {
        return (ObjectNode) tree.at(pointer);
    }

    @Test
    public void unknownFieldsAreRefusedByPath() throws Exception {
        assertEquals("[manifest.json] graphs.scorer.extra: expected [a known field: file, inputs, outputs] but found [unknown field]",
            refusal(t -> at(t, "/graphs/scorer").put("extra", 1)));
        assertEquals("[manifest.json] features[2].weight: expected [a known field: equals, field, grade, key, match, "
                + "mean, missing, name, source, stat, std, transform] but found [unknown field]",
            refusal(t -> at(t, "/features/2").put("weight", 1)));
        assertTrue(refusal(t -> t.put("formatversion", 1)).startsWith(
            "[manifest.json] formatversion: expected [a known field: "));
    }

    @Test
    public void wrongTypesAreRefusedByPath() throws Exception {
        assertEquals("[manifest.json] seed: expected [an integer] but found [4.5]", refusal(t -> t.put("seed", 4.5)));
        assertEquals("[manifest.json] embedding_dim: expected [an integer] but found [128]",
            refusal(t -> t.put("embedding_dim", "128")));
        assertEquals("[manifest.json] features[0].source: expected [one of first_pass, match, doc_numeric, doc_keyword, "
                + "user_numeric, user_keyword, user_history, history_match, user_preference, query_preference] but found [bm25]",
            refusal(t -> at(t, "/features/0").put("source", "bm25")));
        assertEquals("[manifest.json] features[10].grade: expected [an integer] but found [0.5]",
            refusal(t -> at(t, "/features/10").put("grade", 0.5)));
        assertEquals("[manifest.json] grades: expected [an array] but found [exact]", refusal(t -> t.put("grades", "exact")));
    }

    @Test
    public void missingRequiredFieldsAreRefused() throws Exception {
        assertEquals("[manifest.json] version: expected [a value] but found [missing]", refusal(t -> t.remove("version")));
        assertEquals("[manifest.json] format_version: expected [a value] but found [missing]",
            refusal(t -> t.remove("format_version")));
        assertEquals("[manifest.json] tokenizer.vocabulary_sha256: expected [a value] but found [missing]",
            refusal(t -> at(t, "/tokenizer").remove("vocabulary_sha256")));
        assertEquals("[manifest.json] user_preference.temperature: expected [a value] but found [missing]",
            refusal(t -> at(t, "/user_preference").remove("temperature")));
        assertEquals("[manifest.json] query_preferences.similarity_threshold: expected [a value] but found [missing]",
            refusal(t -> at(t, "/query_preferences").remove("similarity_threshold")));
    }

    @Test
    public void malformedJsonIsRefused() {
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> BundleManifestJson.parse("{\"name\": "));
        assertTrue(e.getMessage(), e.getMessage().startsWith("[manifest.json] expected [valid JSON] but found ["));
        e = assertThrows(InvalidBundleException.class, () -> BundleManifestJson.parse("[1]"));
        assertEquals("[manifest.json] (root): expected [an object] but found [ARRAY]", e.getMessage());
    }

    @Test
    public void topLevelRules() throws Exception {
        assertEquals("[manifest.json] format_version: expected [1] but found [2]", refusal(t -> t.put("format_version", 2)));
        assertEquals("[manifest.json] name: expected [a name matching [a-z0-9][a-z0-9._-]{0,63} without ..] but found [../x]",
            refusal(t -> t.put("name", "../x")));
        assertEquals("[manifest.json] version: expected [a non-empty string] but found [ ]", refusal(t -> t.put("version", " ")));
        assertEquals("[manifest.json] version: expected [a non-empty string] but found [\u00A0\u200B]",
            refusal(t -> t.put("version", "\u00A0\u200B")));
        // the version goes into the cluster state and into every stored embedding: bounded
        assertEquals("[manifest.json] version: expected [at most 128 characters without control characters] but found [20000 characters]",
            refusal(t -> t.put("version", "v".repeat(20_000))));
        assertEquals("[manifest.json] version: expected [at most 128 characters without control characters] but found [3 characters]",
            refusal(t -> t.put("version", "a\nb")));
        assertEquals("[manifest.json] grades[1]: expected [at most 256 characters] but found [300 characters]",
            refusal(t -> t.putArray("grades").add("bad").add("g".repeat(300))));
        assertEquals("[manifest.json] grades: expected [at least 2 grade names] but found [[exact]]",
            refusal(t -> t.putArray("grades").add("exact")));
        assertEquals("[manifest.json] grades[1]: expected [a non-blank grade name] but found []",
            refusal(t -> t.putArray("grades").add("bad").add("")));
        assertEquals("[manifest.json] item_text_fields: expected [at least 1 field] but found [[]]",
            refusal(t -> t.putArray("item_text_fields")));
        assertEquals("[manifest.json] embedding_dim: expected [an integer >= 1] but found [0]",
            refusal(t -> t.put("embedding_dim", 0)));
    }

    @Test
    public void tokenizerRules() throws Exception {
        assertEquals("[manifest.json] tokenizer.type: expected [wordpiece] but found [bpe]",
            refusal(t -> at(t, "/tokenizer").put("type", "bpe")));
        assertEquals("[manifest.json] tokenizer.vocabulary: expected [a file name inside the bundle folder (no separator, no ..)] "
            + "but found [../vocab.txt]", refusal(t -> at(t, "/tokenizer").put("vocabulary", "../vocab.txt")));
        assertEquals("[manifest.json] tokenizer.vocabulary: expected [a file name inside the bundle folder (no separator, no ..)] "
            + "but found [/etc/passwd]", refusal(t -> at(t, "/tokenizer").put("vocabulary", "/etc/passwd")));
        assertEquals("[manifest.json] tokenizer.vocabulary_sha256: expected [64 lower-case hex digits] but found [ABC]",
            refusal(t -> at(t, "/tokenizer").put("vocabulary_sha256", "ABC")));
        assertEquals("[manifest.json] tokenizer.query_max_length: expected [an integer in [2, 512]] but found [1]",
            refusal(t -> at(t, "/tokenizer").put("query_max_length", 1)));
        assertEquals("[manifest.json] tokenizer.item_max_length: expected [an integer in [2, 512]] but found [513]",
            refusal(t -> at(t, "/tokenizer").put("item_max_length", 513)));
    }

    @Test
    public void graphRules() throws Exception {
        assertEquals("[manifest.json] graphs.scorer.inputs.features: expected [shape [-1, 13]] but found [[-1, 12]]",
            refusal(t -> at(t, "/graphs/scorer/inputs").putArray("features").add(-1).add(12)));
        assertEquals("[manifest.json] graphs.query_encoder.outputs.embedding: expected [shape [-1, 128]] but found [[-1, 64]]",
            refusal(t -> at(t, "/graphs/query_encoder/outputs").putArray("embedding").add(-1).add(64)));
        assertEquals("[manifest.json] graphs.scorer.outputs.grade_probs: expected [shape [-1, 4]] but found [[-1, 4, 1]]",
            refusal(t -> at(t, "/graphs/scorer/outputs").putArray("grade_probs").add(-1).add(4).add(1)));
        // the batch axis must stay dynamic
        assertEquals("[manifest.json] graphs.item_encoder.inputs.input_ids: expected [shape [-1, -1]] but found [[8, -1]]",
            refusal(t -> at(t, "/graphs/item_encoder/inputs").putArray("input_ids").add(8).add(-1)));
        assertEquals("[manifest.json] graphs.scorer.outputs: expected [names [grade_probs, click_probs, tau, score]] "
            + "but found [[grade_probs, click_probs, tau]]", refusal(t -> at(t, "/graphs/scorer/outputs").remove("score")));
        assertEquals("[manifest.json] graphs.scorer.file: expected [a file name inside the bundle folder (no separator, no ..)] "
            + "but found [models/scorer.onnx]", refusal(t -> at(t, "/graphs/scorer").put("file", "models/scorer.onnx")));
        assertEquals("[manifest.json] graphs.item_encoder: expected [a graph] but found [null]",
            refusal(t -> at(t, "/graphs").remove("item_encoder")));
    }

    @Test
    public void dynamicFixedAxesAreAccepted() throws Exception {
        ObjectNode tree = tree(CoreFixtures.exampleManifest());
        at(tree, "/graphs/scorer/inputs").putArray("features").add(-1).add(-1);
        BundleManifest manifest = BundleManifestJson.parse(tree.toString());
        assertEquals(List.of(-1L, -1L), manifest.graphs().scorer().inputs().get("features"));
    }

    @Test
    public void featureRulesComeFromTheSchema() throws Exception {
        assertEquals("[manifest.json] features[4].std: expected [> 0] but found [0.0]",
            refusal(t -> at(t, "/features/4").put("std", 0)));
        assertEquals("[manifest.json] features[10].grade: expected [an integer in [0, 4)] but found [4]",
            refusal(t -> at(t, "/features/10").put("grade", 4)));
        assertEquals("[manifest.json] features[1].name: expected [a unique name] but found [bm25_ratio]",
            refusal(t -> at(t, "/features/1").put("name", "bm25_ratio")));
    }

    @Test
    public void preferenceRules() throws Exception {
        assertEquals("[manifest.json] user_preference.max_history: expected [an integer in [1, 1000]] but found [0]",
            refusal(t -> at(t, "/user_preference").put("max_history", 0)));
        assertEquals("[manifest.json] user_preference.temperature: expected [> 0] but found [0.0]",
            refusal(t -> at(t, "/user_preference").put("temperature", 0.0)));
        assertEquals("[manifest.json] query_preferences.similarity_threshold: expected [a cosine in [-1, 1]] but found [1.5]",
            refusal(t -> at(t, "/query_preferences").put("similarity_threshold", 1.5)));
        assertEquals("[manifest.json] query_preferences: expected [a table, since features[11] reads query_preference] "
            + "but found [null]", refusal(t -> t.remove("query_preferences")));
    }

    @Test
    public void validateChecksRecordsBuiltInCode() {
        BundleManifest m = CoreFixtures.exampleManifest();
        BundleManifest bad = new BundleManifest(1, m.name(), m.version(), m.seed(), m.grades(), m.tokenizer(),
            m.itemTextFields(), 64, m.graphs(), m.features(), m.userPreference(), m.queryPreferences(), m.training());
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> BundleManifestJson.validate(bad));
        assertEquals("[manifest.json] graphs.query_encoder.outputs.embedding: expected [shape [-1, 64]] but found [[-1, 128]]",
            e.getMessage());
    }

    @Test
    public void graphSpecKeepsItsOrderAndIsImmutable() {
        GraphSpec spec = GraphContract.spec(GraphContract.Role.SCORER, "scorer.onnx", 8, 3, 5);
        assertEquals(List.of("query_embedding", "item_embedding", "features"), new ArrayList<>(spec.inputs().keySet()));
        assertEquals(List.of(-1L, 5L), spec.inputs().get("features"));
        assertEquals(List.of(-1L, 3L), spec.outputs().get("click_probs"));
        assertThrows(UnsupportedOperationException.class, () -> spec.inputs().put("x", List.of()));
    }
}
