package org.prectr.core.data;

import java.util.List;
import java.util.Map;

/**
 * One catalogue document: its id and its fields split by kind, as the core's {@code CandidateWindow}
 * takes them (texts and keywords as strings, booleans as {@code "true"}/{@code "false"}; numbers as
 * doubles), plus the arrays of strings (e.g. ESCI's {@code category}) that the item text and the
 * evaluation read. A field that is null or absent in the source is absent here, so the feature's
 * {@code missing} value applies, exactly as for a hit without doc values. The one product record of
 * the trainer, the evaluation's catalogue and the benchmarks' loader.
 *
 * @param id the document id (the bulk action's {@code _id}, e.g. the ASIN)
 * @param texts string and boolean fields by name
 * @param numbers numeric fields by name
 * @param lists array fields by name, their non-null scalar elements as text
 */
public record Product(String id, Map<String, String> texts, Map<String, Double> numbers, Map<String, List<String>> lists) {

    public Product {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("[id] must not be blank but was [" + id + "]");
        }
        texts = Map.copyOf(texts);
        numbers = Map.copyOf(numbers);
        Map<String, List<String>> copy = new java.util.HashMap<>();
        lists.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        lists = Map.copyOf(copy);
    }

    /** A product without array fields. */
    public Product(String id, Map<String, String> texts, Map<String, Double> numbers) {
        this(id, texts, numbers, Map.of());
    }

    /**
     * @param field a field name
     * @return the field's text, or "" when absent
     */
    public String text(String field) {
        return texts.getOrDefault(field, "");
    }

    /**
     * @param field a field name
     * @return the number, or NaN when absent
     */
    public double number(String field) {
        Double v = numbers.get(field);
        return v == null ? Double.NaN : v;
    }

    /**
     * @param field a field name
     * @return whether the field is the boolean {@code true}
     */
    public boolean flag(String field) {
        return "true".equals(texts.get(field));
    }

    /**
     * @param field a field name
     * @return the array's elements, or an empty list when absent
     */
    public List<String> list(String field) {
        return lists.getOrDefault(field, List.of());
    }

    /**
     * @param field a field name
     * @return the field's values for the item text: the text, or the array's elements (empty when absent)
     */
    public List<String> values(String field) {
        String text = texts.get(field);
        return text != null ? List.of(text) : list(field);
    }
}
