package org.prectr.core.data;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The one judgments reader, on SRW {@code IMPORT_JUDGMENT} files and on the shared ESCI-150 dev judgments. */
public class JudgmentsTests {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path write(String json) throws Exception {
        Path file = tmp.newFile().toPath();
        Files.writeString(file, json);
        return file;
    }

    @Test
    public void esciRatingsMapToGrades() throws Exception {
        Judgments j = Judgments.read(write("{\"name\":\"n\",\"judgmentRatings\":[{\"query\":\"Red Shoe\",\"ratings\":["
            + "{\"docId\":\"a\",\"rating\":\"100.000\"},{\"docId\":\"b\",\"rating\":\"10.000\"},"
            + "{\"docId\":\"c\",\"rating\":\"1.000\"},{\"docId\":\"d\",\"rating\":\"0.000\"}]}]}"));
        assertEquals("n", j.name());
        assertEquals(3, j.grade("red shoe", "a"));
        assertEquals(2, j.grade("red shoe", "b"));
        assertEquals(1, j.grade("red shoe", "c"));
        assertEquals(0, j.grade("red shoe", "d"));
        assertEquals(-1, j.grade("red shoe", "e"));
        assertEquals(-1, j.grade("blue shoe", "a"));
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(j.grades("Red Shoe").keySet()));
    }

    /** The evaluation's reader kept queries as written: keys are the core's normal form now, lookups normalise. */
    @Test
    public void queriesAreNormalisedAndEntriesThatNormaliseAlikeMerge() throws Exception {
        Judgments j = Judgments.read(write("{\"judgmentRatings\":["
            + "{\"query\":\"  Red   SHOE \",\"ratings\":[{\"docId\":\"a\",\"rating\":\"100\"}]},"
            + "{\"query\":\"ps4\",\"ratings\":[{\"docId\":\"p\",\"rating\":\"0\"}]},"
            + "{\"query\":\"red shoe\",\"ratings\":[{\"docId\":\"b\",\"rating\":\"10\"}]}]}"));
        assertEquals(List.of("red shoe", "ps4"), j.queries());
        assertEquals(Map.of("a", 3, "b", 2), j.grades("RED\tshoe"));
        assertTrue(j.contains("Red Shoe"));
        assertFalse(j.contains("blue shoe"));
        assertEquals(Map.of(), j.grades("blue shoe"));
        // the name falls back to the file name
        assertTrue(j.name().startsWith("junit"));
    }

    @Test
    public void constructorNormalisesToo() {
        Judgments j = new Judgments(Map.of("Red  Shoe", Map.of("a", 3)));
        assertEquals(List.of("red shoe"), j.queries());
        assertEquals(3, j.grade("red shoe", "a"));
    }

    /** The trainer refused ordinal ratings 2 and 3, the evaluation accepted them: both refuse them now. */
    @Test
    public void ordinalRatingIsRefusedNamingQueryAndDocument() throws Exception {
        for (String bad : new String[] {"3", "2", "50"}) {
            Path file = write("{\"judgmentRatings\":[{\"query\":\"q\",\"ratings\":[{\"docId\":\"a\",\"rating\":\"" + bad + "\"}]}]}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Judgments.read(file));
            assertEquals("[rating] of query [q] document [a] must be one of [100, 10, 1, 0] but was [" + bad + "]", e.getMessage());
        }
    }

    /** The trainer read a blank query as the query ""; the evaluation refused it: both refuse it now. */
    @Test
    public void malformedEntriesAreNamed() throws Exception {
        Path blankQuery = write("{\"judgmentRatings\":[{\"query\":\"  \",\"ratings\":[]}]}");
        assertEquals("[judgmentRatings.query] must not be blank in [" + blankQuery + "]",
            assertThrows(IllegalArgumentException.class, () -> Judgments.read(blankQuery)).getMessage());
        Path noDoc = write("{\"judgmentRatings\":[{\"query\":\"q\",\"ratings\":[{\"rating\":\"100\"}]}]}");
        assertEquals("[docId] of query [q] must not be blank in [" + noDoc + "]",
            assertThrows(IllegalArgumentException.class, () -> Judgments.read(noDoc)).getMessage());
        Path noArray = write("{\"judgments\":[]}");
        assertEquals("[judgmentRatings] must be an array in [" + noArray + "]",
            assertThrows(IllegalArgumentException.class, () -> Judgments.read(noArray)).getMessage());
    }

    @Test
    public void realEsciDevJudgments() throws Exception {
        Path file = EsciData.file("esci_us_judgments_dev.json");
        Judgments j = Judgments.read(file);
        assertEquals(100, j.queries().size());
        int pairs = j.byQuery().values().stream().mapToInt(Map::size).sum();
        assertEquals(4354, pairs);
        int[] perGrade = new int[EsciGrade.COUNT];
        j.byQuery().values().forEach(m -> m.values().forEach(g -> perGrade[g]++));
        // the file's ratings: 705 x 0, 174 x 1, 1263 x 10, 2212 x 100
        assertEquals(List.of(705, 174, 1263, 2212), List.of(perGrade[0], perGrade[1], perGrade[2], perGrade[3]));
    }
}
