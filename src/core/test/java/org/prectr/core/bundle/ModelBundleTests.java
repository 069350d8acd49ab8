package org.prectr.core.bundle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.CoreFixtures;
import org.prectr.core.features.QueryPreferenceEntry;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.core.text.Vocabulary;

/**
 * Every bundle refusal that happens before ONNX Runtime opens a graph, in load order, with exact
 * messages. Loading real graphs is tested in src/onnx.
 */
public class ModelBundleTests {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;

    @Before
    public void writeBundle() throws Exception {
        dir = tmp.newFolder("esci-v2").toPath();
        Vocabulary vocabulary = CoreFixtures.tinyVocabulary();
        vocabulary.write(dir.resolve("vocab.txt"));
        writeManifest(CoreFixtures.manifest("esci-v2", ModelBundle.sha256(dir.resolve("vocab.txt")), 128,
            CoreFixtures.exampleFeatures()));
        QueryPreferenceTable.write(dir.resolve("query_preferences.json"), 4,
            List.of(new QueryPreferenceEntry("tool wrap", new float[] {0.02f, 0.01f, 0.17f, 0.8f}, 512)));
        Files.writeString(dir.resolve("text_encoder.onnx"), "not a model");
        Files.writeString(dir.resolve("scorer.onnx"), "not a model");
    }

    private void writeManifest(BundleManifest manifest) throws Exception {
        BundleManifestJson.write(manifest, dir.resolve("manifest.json"));
    }

    private String refusal() {
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> ModelBundle.load(dir, InferenceOptions.DEFAULT));
        return e.getMessage();
    }

    @Test
    public void sha256OfAKnownText() throws Exception {
        Path file = tmp.newFile("abc").toPath();
        Files.writeString(file, "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ModelBundle.sha256(file));
    }

    @Test
    public void missingManifest() throws Exception {
        Files.delete(dir.resolve("manifest.json"));
        assertEquals("[manifest.json] (file): expected [a manifest] but found [no such file]", refusal());
    }

    @Test
    public void manifestNameMustBeTheFolderName() throws Exception {
        Path other = tmp.newFolder("esci-v3").toPath();
        for (String f : List.of("manifest.json", "vocab.txt")) {
            Files.copy(dir.resolve(f), other.resolve(f));
        }
        dir = other;
        assertEquals("[manifest.json] name: expected [the folder name esci-v3] but found [esci-v2]", refusal());
    }

    @Test
    public void manifestRulesApply() throws Exception {
        Files.writeString(dir.resolve("manifest.json"),
            Files.readString(dir.resolve("manifest.json")).replace("\"format_version\" : 1", "\"format_version\" : 2"));
        assertEquals("[manifest.json] format_version: expected [1] but found [2]", refusal());
    }

    @Test
    public void missingVocabulary() throws Exception {
        Files.delete(dir.resolve("vocab.txt"));
        assertEquals("[vocab.txt] (file): expected [a vocabulary] but found [no such file]", refusal());
    }

    @Test
    public void vocabularyHashMustMatch() throws Exception {
        String expected = ModelBundle.sha256(dir.resolve("vocab.txt"));
        Files.writeString(dir.resolve("vocab.txt"), "\n", java.nio.file.StandardOpenOption.APPEND);
        String found = ModelBundle.sha256(dir.resolve("vocab.txt"));
        assertEquals("[vocab.txt] sha256: expected [" + expected + "] but found [" + found + "]", refusal());
    }

    private void replaceVocabulary(List<String> tokens) throws Exception {
        Files.writeString(dir.resolve("vocab.txt"), String.join("\n", tokens) + "\n");
        writeManifest(CoreFixtures.manifest("esci-v2", ModelBundle.sha256(dir.resolve("vocab.txt")), 128,
            CoreFixtures.exampleFeatures()));
    }

    @Test
    public void vocabularyNeedsTheSpecialTokensWithPadFirst() throws Exception {
        replaceVocabulary(List.of("[PAD]", "[CLS]", "[SEP]", "a"));
        assertEquals("[vocab.txt] tokens: expected [a line [UNK]] but found [none]", refusal());
        replaceVocabulary(List.of("[UNK]", "[CLS]", "[SEP]", "[PAD]"));
        assertEquals("[vocab.txt] line 0: expected [[PAD]] but found [[UNK]]", refusal());
        replaceVocabulary(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[UNK]"));
        assertEquals("[vocab.txt] [vocabulary] token [[UNK]] must be unique but has ids [1] and [4]", refusal());
    }

    @Test
    public void queryPreferenceTableIsReadBeforeTheGraphs() throws Exception {
        Files.delete(dir.resolve("query_preferences.json"));
        assertEquals("[query_preferences.json] (file): expected [a query preference table] but found [no such file]", refusal());
        Files.writeString(dir.resolve("query_preferences.json"), "{\"grades\": 4, \"entries\": "
            + "[{\"query\": \"a\", \"histogram\": [1, 0], \"clicks\": 1}]}");
        assertEquals("[query_preferences.json] entries[0].histogram: expected [4 values] but found [2]", refusal());
    }

    @Test
    public void everyGraphFileMustExist() throws Exception {
        Files.delete(dir.resolve("scorer.onnx"));
        assertEquals("[scorer.onnx] (file): expected [the scorer graph] but found [no such file]", refusal());
    }

    @Test
    public void graphsMustLoadInOnnxRuntime() {
        String message = refusal();
        assertTrue(message, message.startsWith("[text_encoder.onnx] expected [a graph ONNX Runtime loads] but found ["));
    }

    @Test
    public void v1BundleNeedsNoTable() throws Exception {
        List<org.prectr.core.bundle.FeatureSpec> features = new ArrayList<>(CoreFixtures.exampleFeatures());
        features.removeIf(f -> f.source() == org.prectr.core.features.FeatureSource.QUERY_PREFERENCE);
        BundleManifest v2 = CoreFixtures.manifest("esci-v2", ModelBundle.sha256(dir.resolve("vocab.txt")), 128, features);
        writeManifest(new BundleManifest(1, v2.name(), v2.version(), v2.seed(), v2.grades(), v2.tokenizer(),
            v2.itemTextFields(), v2.embeddingDim(), v2.graphs(), v2.features(), v2.userPreference(), null, null));
        Files.delete(dir.resolve("query_preferences.json"));
        // gets as far as the graphs
        assertTrue(refusal().startsWith("[text_encoder.onnx] "));
    }
}
