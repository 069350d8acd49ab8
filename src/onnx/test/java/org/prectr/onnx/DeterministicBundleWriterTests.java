package org.prectr.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.bundle.BundleManifestJson;
import org.prectr.core.text.Vocabulary;

/** The writer's files and command line: reproducible bytes, the name rule, the default name. */
public class DeterministicBundleWriterTests {

    private static final List<String> FILES = List.of("manifest.json", "vocab.txt", "text_encoder.onnx", "scorer.onnx",
        "query_preferences.json");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void writingTwiceGivesByteIdenticalBundles() throws Exception {
        Path a = DeterministicBundleWriter.write(temp.newFolder("a").toPath(), "esci-demo");
        Path b = DeterministicBundleWriter.write(temp.newFolder("b").toPath(), "esci-demo");
        for (String file : FILES) {
            assertArrayEquals(file, Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)));
        }
    }

    @Test
    public void commandLineWritesTheNamedOrDefaultBundleFolder() throws Exception {
        Path out = temp.newFolder("models").toPath();
        DeterministicBundleWriter.main(new String[] {out.toString()});
        DeterministicBundleWriter.main(new String[] {out.toString(), "demo-2"});
        assertEquals("esci-demo", BundleManifestJson.read(out.resolve("esci-demo/manifest.json")).name());
        assertEquals("demo-2", BundleManifestJson.read(out.resolve("demo-2/manifest.json")).name());
        for (String file : FILES.subList(1, FILES.size())) {
            assertArrayEquals(file, Files.readAllBytes(out.resolve("esci-demo").resolve(file)),
                Files.readAllBytes(out.resolve("demo-2").resolve(file)));
        }
    }

    @Test
    public void badBundleNameIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path out = temp.newFolder("models").toPath();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DeterministicBundleWriter.write(out, "../escape"));
        assertEquals("[name] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [../escape]", e.getMessage());
        try (var files = Files.list(out)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    public void vocabularyIsBertBaseUncasedAndTokenVectorsFollowTheirText() throws Exception {
        Vocabulary vocabulary = DeterministicBundleWriter.bertVocabulary();
        assertEquals(30522, vocabulary.size());
        assertEquals("[PAD]", vocabulary.token(0));
        assertEquals(101, vocabulary.id("[CLS]"));
        assertEquals(102, vocabulary.id("[SEP]"));
        int d = 4;
        float[] table = BagOfWordsTokenTable.build(vocabulary, d, 42);
        float[] reordered = BagOfWordsTokenTable.build(Vocabulary.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "shoes", "the")), d, 42);
        int shoes = vocabulary.id("shoes");
        for (int j = 0; j < d; j++) {
            assertEquals(table[shoes * d + j], reordered[4 * d + j], 0f);
            assertEquals(0f, reordered[5 * d + j], 0f);
            assertEquals(0f, table[101 * d + j], 0f);
        }
        assertEquals("[dim] must be at least [1] but was [0]",
            assertThrows(IllegalArgumentException.class, () -> BagOfWordsTokenTable.build(vocabulary, 0, 1)).getMessage());
    }
}
