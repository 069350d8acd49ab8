package org.prectr.trainer.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;
import org.prectr.core.text.Vocabulary;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.teacher.TeacherModel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Issue 3's tokeniser parity: the core {@link WordPieceTokenizer} gives exactly the ids of the
 * HuggingFace tokenizer.json that the teachers ship (run by the Rust HF tokenizers through DJL, offline:
 * its native library is inside the jar) on every ESCI-150 product title and every dev query, untruncated
 * and at the bundle's max lengths (48 for titles, 16 for queries).
 */
public class TokenizerParityTests {

    private static Vocabulary vocabulary;
    private static WordPieceTokenizer core;
    private static HuggingFaceTokenizer reference;

    @BeforeClass
    public static void loadTokenizers() throws IOException {
        vocabulary = vocabulary(TeacherModel.BGE_SMALL_EN_V15_Q);
        core = new WordPieceTokenizer(vocabulary, true);
        // bge's tokenizer.json sets no truncation or padding of its own; both are set explicitly per call below
        try (InputStream json = resource(TeacherModel.BGE_SMALL_EN_V15_Q.tokenizerResource())) {
            reference = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false",
                "addSpecialTokens", "true"));
        }
    }

    @AfterClass
    public static void closeReference() {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    public void allTeachersShareOneVocabulary() throws IOException {
        assertEquals(30_522, vocabulary.size());
        assertEquals(vocabulary, vocabulary(TeacherModel.ALL_MINILM_L6_V2));
        assertEquals(vocabulary, vocabulary(TeacherModel.ALL_MINILM_L6_V2_Q));
    }

    @Test
    public void coreMatchesHuggingFaceOnAllTitles() throws IOException {
        List<String> titles = new ArrayList<>();
        for (Product product : ProductReader.read(EsciTestData.products()).values()) {
            titles.add(product.text("title"));
        }
        assertEquals(6_764, titles.size());
        checkParity(titles, 48);
    }

    @Test
    public void coreMatchesHuggingFaceOnAllDevQueries() throws IOException {
        JsonNode root = new ObjectMapper().readTree(EsciTestData.esciDir().resolve("esci_us_queryset_dev.json").toFile());
        List<String> queries = new ArrayList<>();
        root.path("querySetQueries").forEach(q -> queries.add(q.path("queryText").asText()));
        assertEquals(100, queries.size());
        checkParity(queries, 16);
    }

    /** Compares untruncated ids and ids at {@code maxLength}; fails listing the first differences. */
    private static void checkParity(List<String> texts, int maxLength) {
        List<String> mismatches = new ArrayList<>();
        int truncated = 0;
        try (HuggingFaceTokenizer truncating = truncating(maxLength)) {
            for (String text : texts) {
                long[] expectedFull = reference.encode(text).getIds();
                long[] actualFull = toLongs(core.encode(text, 512));
                Encoding cut = truncating.encode(text);
                long[] expectedCut = cut.getIds();
                long[] actualCut = toLongs(core.encode(text, maxLength));
                if (expectedFull.length > maxLength) {
                    truncated++;
                }
                if (!Arrays.equals(expectedFull, actualFull) || !Arrays.equals(expectedCut, actualCut)) {
                    mismatches.add("[" + text + "] hf " + Arrays.toString(cut.getTokens()) + " core "
                        + core.tokenize(text));
                }
            }
        }
        assertTrue(mismatches.size() + " of " + texts.size() + " texts differ, first: "
            + mismatches.subList(0, Math.min(5, mismatches.size())), mismatches.isEmpty());
        // the truncation path must actually have been exercised for titles
        assertTrue("no text was longer than " + maxLength + " tokens", maxLength == 16 || truncated > 0);
    }

    private static HuggingFaceTokenizer truncating(int maxLength) {
        try (InputStream json = resource(TeacherModel.BGE_SMALL_EN_V15_Q.tokenizerResource())) {
            return HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "true",
                "maxLength", Integer.toString(maxLength), "addSpecialTokens", "true"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long[] toLongs(int[] ids) {
        return Arrays.stream(ids).asLongStream().toArray();
    }

    private static Vocabulary vocabulary(TeacherModel model) throws IOException {
        try (InputStream json = resource(model.tokenizerResource())) {
            return Vocabulary.fromTokenizerJson(json);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = TokenizerParityTests.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("[" + name + "] is not on the test classpath");
        }
        return in;
    }
}
