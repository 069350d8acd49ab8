package org.prectr.core.features;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class CandidateWindowTests {

    @Test
    public void holdsColumnsInWindowOrder() {
        CandidateWindow w = CandidateWindow.builder(new float[] {3, 2}, new String[] {"a", null})
            .numeric("rating_count", new double[] {10, Double.NaN})
            .keyword("brand", new String[] {null, "acme"})
            .embeddings(new float[] {1, 2, 0, 0}, new boolean[] {true, false}, 2)
            .build();
        assertEquals(2, w.rows());
        assertEquals(2f, w.firstPassScore(1), 0);
        assertEquals("", w.itemText(1));
        assertEquals(Set.of("rating_count"), w.numericFieldNames());
        assertEquals("acme", w.keyword("brand")[1]);
        assertNull(w.numeric("missing"));
        assertTrue(w.hasEmbedding(0));
        assertFalse(w.hasEmbedding(1));
        assertEquals(2, w.embeddingDim());
        assertFalse(CandidateWindow.of(new float[1], new String[1]).hasEmbedding(0));
    }

    @Test
    public void refusesColumnsOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CandidateWindow.of(new float[2], new String[3]));
        assertEquals("[item_texts] must have one value per hit [2] but had [3]", e.getMessage());
        CandidateWindow.Builder b = CandidateWindow.builder(new float[2], new String[2]);
        e = assertThrows(IllegalArgumentException.class, () -> b.numeric("rating_count", new double[1]));
        assertEquals("[rating_count] must have one value per hit [2] but had [1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.embeddings(new float[5], new boolean[2], 2));
        assertEquals("[embeddings] must hold [2 x 2] values but had [5]", e.getMessage());
    }

    @Test
    public void userContext() {
        UserContext anonymous = UserContext.anonymous();
        assertNull(anonymous.id());
        assertEquals(Map.of(), anonymous.features());
        assertEquals(List.of(), anonymous.history());
        UserContext u = new UserContext("u-17", Map.of("segment", "new", "age_bucket", 3, "prime", true), null);
        assertEquals(List.of(), u.history());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new UserContext("u", Map.of("tags", List.of("a")), List.of()));
        assertEquals("[user.features.tags] must be a string, number or boolean but was [[a]]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HistoryEntry(" ", null, 1, true));
        assertEquals("[query] must not be blank but was [ ]", e.getMessage());
    }
}
