package org.prectr.core.features;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a user's search history: the query, the clicked (or shown) item, its relevance grade
 * when known, whether it was clicked, and the grade distribution the model inferred for the pair when
 * no grade is known ({@link org.prectr.core.inference.HistoryGradeInference}).
 *
 * <p>r_u(q) reads an entry's grade as a distribution over the k grades: the explicit {@code grade} as a
 * one-hot when given (it overrides), else {@code inferredGrades}, else the entry has no grade and is
 * left out ({@link UserPreferenceHistogram}).
 *
 * @param query the past query text (required, not blank)
 * @param item the item id, or null
 * @param grade the item's grade in [0, k), or null when unknown (checked against the bundle's k later)
 * @param clicked whether the user clicked the item
 * @param inferredGrades P(grade | query, item) of the model, k values, or null when not inferred
 * @param itemFields the item's keyword document fields the bundle reads (logical name to value), as the
 *     {@code history_match} features compare them with a hit's; empty when the item was not read
 */
public record HistoryEntry(String query, String item, Integer grade, boolean clicked, float[] inferredGrades,
                           Map<String, String> itemFields) {

    /** Requires a non-blank query; the inferred grades are checked against k where k is known. */
    public HistoryEntry {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("[query] must not be blank but was [" + (query == null ? "" : query) + "]");
        }
        itemFields = itemFields == null ? Map.of() : Map.copyOf(itemFields);
    }

    /**
     * An entry whose item fields were not read.
     *
     * @param query the past query text
     * @param item the item id, or null
     * @param grade the item's grade, or null
     * @param clicked whether it was clicked
     * @param inferredGrades P(grade | query, item), or null
     */
    public HistoryEntry(String query, String item, Integer grade, boolean clicked, float[] inferredGrades) {
        this(query, item, grade, clicked, inferredGrades, Map.of());
    }

    /**
     * An entry without inferred grades.
     *
     * @param query the past query text
     * @param item the item id, or null
     * @param grade the item's grade, or null
     * @param clicked whether it was clicked
     */
    public HistoryEntry(String query, String item, Integer grade, boolean clicked) {
        this(query, item, grade, clicked, null);
    }

    /**
     * @param query the past query
     * @param grade the clicked item's grade
     * @return a clicked entry with no item id
     */
    public static HistoryEntry clicked(String query, int grade) {
        return new HistoryEntry(query, null, grade, true);
    }

    /**
     * @param probabilities P(grade | query, item), k values (not copied)
     * @return this entry with those inferred grades
     */
    public HistoryEntry withInferredGrades(float[] probabilities) {
        return new HistoryEntry(query, item, grade, clicked, probabilities, itemFields);
    }

    /**
     * @param fields the item's keyword fields (logical name to value; null values are left out)
     * @return this entry with those item fields
     */
    public HistoryEntry withItemFields(Map<String, String> fields) {
        Map<String, String> kept = new java.util.HashMap<>();
        fields.forEach((k, v) -> {
            if (k != null && v != null) {
                kept.put(k, v);
            }
        });
        return new HistoryEntry(query, item, grade, clicked, inferredGrades, kept);
    }

    /**
     * The form in which {@code history_match} compares keyword values: trimmed and lower-cased.
     *
     * @param value a keyword value
     * @return its comparable form, or null for null or blank
     */
    public static String fieldValue(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        return v.isEmpty() ? null : v;
    }

    /** @return whether r_u(q) can use this entry: clicked, with an explicit or an inferred grade */
    public boolean hasGrade() {
        return grade != null || inferredGrades != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryEntry e && query.equals(e.query) && Objects.equals(item, e.item) && Objects.equals(grade, e.grade)
            && clicked == e.clicked && Arrays.equals(inferredGrades, e.inferredGrades) && itemFields.equals(e.itemFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(query, item, grade, clicked, Arrays.hashCode(inferredGrades), itemFields);
    }

    @Override
    public String toString() {
        return "HistoryEntry[query=" + query + ", item=" + item + ", grade=" + grade + ", clicked=" + clicked
            + (inferredGrades == null ? "" : ", inferredGrades=" + Arrays.toString(inferredGrades))
            + (itemFields.isEmpty() ? "" : ", itemFields=" + itemFields) + "]";
    }
}
