package org.prectr.core.text;

import org.junit.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;

/** The one item-text join of the rescorers, the ingest processor, the history reader, the trainer and the evaluation. */
public class ItemTextTests {

    private static String join(List<String> fields, Map<String, Object> doc) {
        return ItemText.join(fields, f -> ItemText.asValues(doc.get(f)));
    }

    @Test
    public void fieldsInOrderListElementsIncludedJoinedByOneSpace() {
        Map<String, Object> doc = Map.of("title", "Red shoe", "category", List.of("Shoes", "Women"), "rating", 4.5);
        assertEquals("Red shoe Shoes Women 4.5", join(List.of("title", "category", "rating"), doc));
        assertEquals("Shoes Women Red shoe", join(List.of("category", "title"), doc));
    }

    /**
     * The copies disagreed on blank values: the plugins and the ingest processor joined "" and "  " (extra
     * spaces), the trainer skipped only "", the evaluation skipped blanks. One rule now: null and blank
     * values contribute nothing, so no value ever adds a space (the tokenizers split on whitespace, so
     * the tokens are the ones every copy produced).
     */
    @Test
    public void missingNullAndBlankValuesAddNothing() {
        Map<String, Object> doc = new HashMap<>();
        doc.put("title", "Red shoe");
        doc.put("brand", "");
        doc.put("color", "  ");
        doc.put("size", null);
        doc.put("tags", Arrays.asList("a", null, " ", "b"));
        assertEquals("Red shoe a b", join(List.of("brand", "title", "missing", "color", "size", "tags"), doc));
        assertEquals("", join(List.of("brand", "color"), doc));
        assertEquals("", join(List.of(), doc));
        // a source that answers null for a missing field
        assertEquals("x", ItemText.join(List.of("a", "b"), f -> f.equals("a") ? List.of("x") : null));
    }

    @Test
    public void valuesKeepTheirInnerSpacing() {
        assertEquals("a  b c", join(List.of("t", "u"), Map.of("t", "a  b", "u", "c")));
    }
}
