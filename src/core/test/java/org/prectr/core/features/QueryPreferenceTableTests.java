package org.prectr.core.features;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.bundle.InvalidBundleException;

public class QueryPreferenceTableTests {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** A fixed 2-d "encoder": known texts map to known vectors. */
    private static final Map<String, float[]> VECTORS = Map.of(
        "tool wrap", new float[] {1, 0},
        "running shoes", new float[] {0, 1});

    private static final QueryEncoder ENCODER = texts -> {
        float[] out = new float[texts.size() * 2];
        for (int i = 0; i < texts.size(); i++) {
            System.arraycopy(VECTORS.get(texts.get(i)), 0, out, i * 2, 2);
        }
        return out;
    };

    private static final List<QueryPreferenceEntry> ENTRIES = List.of(
        new QueryPreferenceEntry("tool wrap", new float[] {0.02f, 0.01f, 0.17f, 0.80f}, 512),
        new QueryPreferenceEntry("running shoes", new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 0));

    private final QueryPreferenceTable table = QueryPreferenceTable.of(ENTRIES, 4, 0.8, ENCODER);

    @Test
    public void exactMatchOnNormalisedText() {
        QueryPreference p = table.lookup("  Tool \t WRAP ", new float[] {0, 1});
        assertTrue(p.matched());
        assertEquals("tool wrap", p.matchedQuery());
        assertEquals(1.0, p.similarity(), 0);
        assertArrayEquals(new float[] {0.02f, 0.01f, 0.17f, 0.80f}, p.histogram(), 0);
        assertEquals(Math.log1p(512), p.support(), 1e-12);
    }

    @Test
    public void nearestEntryAboveTheThreshold() {
        // cos([0.5, 0.9], [0, 1]) = 0.874 >= 0.8: running shoes; support log1p(0) = 0
        QueryPreference p = table.lookup("jogging sneakers", new float[] {0.5f, 0.9f});
        assertEquals("running shoes", p.matchedQuery());
        assertEquals(0.9 / Math.sqrt(1.06), p.similarity(), 1e-6);
        assertEquals(0, p.support(), 0);
        // the mirror image is nearest to the other entry
        assertEquals("tool wrap", table.lookup("grip tape", new float[] {0.9f, 0.5f}).matchedQuery());
    }

    @Test
    public void unknownBelowTheThreshold() {
        QueryPreference p = table.lookup("garden hose", new float[] {0.7f, 0.7f}); // cos 0.707 to both
        assertFalse(p.matched());
        assertNull(p.matchedQuery());
        assertArrayEquals(new float[4], p.histogram(), 0);
        assertEquals(0, p.support(), 0);
    }

    @Test
    public void lookupsReturnCopies() {
        table.lookup("tool wrap", new float[] {1, 0}).histogram()[0] = 99;
        assertEquals(0.02f, table.lookup("tool wrap", new float[] {1, 0}).histogram()[0], 0);
    }

    @Test
    public void emptyTableKnowsNothing() {
        QueryPreferenceTable empty = QueryPreferenceTable.of(List.of(), 4, 0.8, ENCODER);
        assertFalse(empty.lookup("tool wrap", new float[] {1, 0}).matched());
    }

    @Test
    public void encodesInBatches() {
        List<QueryPreferenceEntry> many = new ArrayList<>();
        for (int i = 0; i < QueryPreferenceTable.ENCODE_BATCH + 3; i++) {
            many.add(new QueryPreferenceEntry("q" + i, new float[] {1, 0}, i));
        }
        List<Integer> batchSizes = new ArrayList<>();
        QueryPreferenceTable big = QueryPreferenceTable.of(many, 2, 0.99, texts -> {
            batchSizes.add(texts.size());
            float[] out = new float[texts.size() * 2];
            for (int i = 0; i < texts.size(); i++) {
                int n = Integer.parseInt(texts.get(i).substring(1));
                out[i * 2] = (float) Math.cos(n * 0.01);
                out[i * 2 + 1] = (float) Math.sin(n * 0.01);
            }
            return out;
        });
        assertEquals(List.of(QueryPreferenceTable.ENCODE_BATCH, 3), batchSizes);
        // the vector of entry 258 (angle 2.58) is found among the second batch
        QueryPreference p = big.lookup("unknown", new float[] {(float) Math.cos(2.58), (float) Math.sin(2.58)});
        assertEquals("q258", p.matchedQuery());
    }

    @Test
    public void writeThenReadKeepsTheEntries() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("query_preferences.json");
        QueryPreferenceTable.write(file, 4, ENTRIES);
        assertTrue(Files.readString(file).contains("\"query\" : \"tool wrap\""));
        List<QueryPreferenceEntry> back = QueryPreferenceTable.readEntries(file, 4);
        assertEquals(2, back.size());
        assertEquals("running shoes", back.get(1).query());
        assertArrayEquals(ENTRIES.get(0).histogram(), back.get(0).histogram(), 0);
        assertEquals(512, back.get(0).clicks());
    }

    private String refusal(String json, int grades) throws Exception {
        Path file = tmp.getRoot().toPath().resolve("query_preferences.json");
        Files.writeString(file, json);
        return assertThrows(InvalidBundleException.class, () -> QueryPreferenceTable.readEntries(file, grades)).getMessage();
    }

    @Test
    public void readRefusesBadTables() throws Exception {
        assertEquals("[query_preferences.json] grades: expected [4] but found [3]",
            refusal("{\"grades\": 3, \"entries\": []}", 4));
        assertEquals("[query_preferences.json] entries[0].histogram: expected [4 values] but found [3]",
            refusal("{\"grades\": 4, \"entries\": [{\"query\": \"a\", \"histogram\": [0.1, 0.2, 0.7], \"clicks\": 3}]}", 4));
        assertEquals("[query_preferences.json] entries[0].histogram[1]: expected [a finite share >= 0] but found [-0.2]",
            refusal("{\"grades\": 2, \"entries\": [{\"query\": \"a\", \"histogram\": [0.1, -0.2], \"clicks\": 3}]}", 2));
        assertEquals("[query_preferences.json] entries[1].query: expected [a query unique after normalisation] but found [A ]",
            refusal("{\"grades\": 2, \"entries\": [{\"query\": \"a\", \"histogram\": [0, 1], \"clicks\": 3},"
                + "{\"query\": \"A \", \"histogram\": [0, 1], \"clicks\": 3}]}", 2));
        assertEquals("[query_preferences.json] entries[0].clicks: expected [>= 0] but found [-3]",
            refusal("{\"grades\": 2, \"entries\": [{\"query\": \"a\", \"histogram\": [0, 1], \"clicks\": -3}]}", 2));
        assertEquals("[query_preferences.json] entries[0].clicks: expected [an integer] but found [2.5]",
            refusal("{\"grades\": 2, \"entries\": [{\"query\": \"a\", \"histogram\": [0, 1], \"clicks\": 2.5}]}", 2));
        assertEquals("[query_preferences.json] entries[0].weight: expected [a known field: clicks, histogram, query] "
            + "but found [unknown field]",
            refusal("{\"grades\": 2, \"entries\": [{\"query\": \"a\", \"histogram\": [0, 1], \"clicks\": 2, \"weight\": 1}]}", 2));
    }
}
