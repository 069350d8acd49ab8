package org.prectr.core.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.CoreFixtures;

public class VocabularyTests {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void readsTheBertVocabularyFromTokenizerJson() {
        Vocabulary v = CoreFixtures.bertVocabulary();
        assertEquals(30522, v.size());
        assertEquals(0, v.id("[PAD]"));
        assertEquals(100, v.id("[UNK]"));
        assertEquals(101, v.id("[CLS]"));
        assertEquals(102, v.id("[SEP]"));
        assertEquals(7592, v.id("hello"));
        assertEquals("world", v.token(2088));
        assertEquals(-1, v.id("café"));
        assertFalse(v.contains("café"));
    }

    @Test
    public void writeThenReadGivesTheSameVocabulary() throws Exception {
        Vocabulary v = CoreFixtures.bertVocabulary();
        Path file = tmp.getRoot().toPath().resolve("vocab.txt");
        v.write(file);
        Vocabulary back = Vocabulary.read(file);
        assertEquals(v, back);
        assertEquals(v.tokens(), back.tokens());
        List<String> lines = Files.readAllLines(file);
        assertEquals("[PAD]", lines.get(0));
        assertEquals("hello", lines.get(7592));
        assertTrue(Files.readString(file).endsWith("\n"));
    }

    @Test
    public void refusesRepeatedAndEmptyTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Vocabulary.of(List.of("[PAD]", "a", "b", "a")));
        assertEquals("[vocabulary] token [a] must be unique but has ids [1] and [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("[PAD]", "")));
        assertEquals("[vocabulary] token [1] must not be empty but was []", e.getMessage());
    }

    @Test
    public void refusesTokenizerJsonWithoutWordPiece() {
        String json = "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Vocabulary.fromTokenizerJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertEquals("[model.type] must be [WordPiece] with a [model.vocab] object but was [BPE]", e.getMessage());
    }

    @Test
    public void refusesTokenizerJsonWithGapsInIds() {
        String json = "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0, \"b\": 2}}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Vocabulary.fromTokenizerJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertEquals("[model.vocab.b] must be a unique id in [0, 2) but was [2]", e.getMessage());
    }
}
