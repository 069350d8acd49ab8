package org.prectr.trainer.data;

import java.util.Map;

/**
 * One catalogue document as the trainer needs it: its id and its scalar fields, split by kind as the
 * core's {@code CandidateWindow} takes them (texts and keywords as strings, booleans as
 * {@code "true"}/{@code "false"}; numbers as doubles). A field that is null or absent in the source is
 * absent here, so the feature's {@code missing} value applies, exactly as for a hit without doc values.
 *
 * @param id the document id (the bulk action's {@code _id}, e.g. the ASIN)
 * @param texts string and boolean fields by name
 * @param numbers numeric fields by name
 */
public record Product(String id, Map<String, String> texts, Map<String, Double> numbers) {

    public Product {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("[id] must not be blank but was [" + id + "]");
        }
        texts = Map.copyOf(texts);
        numbers = Map.copyOf(numbers);
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
}
