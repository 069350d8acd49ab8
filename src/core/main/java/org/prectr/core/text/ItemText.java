package org.prectr.core.text;

import java.util.List;
import java.util.function.Function;

/**
 * The item text the encoder reads: the values of a bundle's {@code item_text_fields}, in field order
 * (the elements of a multi-valued field in their order), joined by one space. A null or blank value
 * contributes nothing, so a missing field never adds a space. The one rule for the rescorers'
 * window readers, the ingest processor, the history reader, the trainer and the evaluation.
 */
public final class ItemText {

    private ItemText() {}

    /**
     * @param fields the item text fields, in order
     * @param values the values of a field (empty, or null elements, when it is missing)
     * @return the joined text; "" when no field has a value
     */
    public static String join(List<String> fields, Function<String, ? extends Iterable<?>> values) {
        StringBuilder text = new StringBuilder();
        for (String field : fields) {
            Iterable<?> fieldValues = values.apply(field);
            if (fieldValues == null) {
                continue;
            }
            for (Object value : fieldValues) {
                append(text, value);
            }
        }
        return text.toString();
    }

    /**
     * @param value a field's raw value: null, a scalar, or a list of scalars
     * @return the value as the list {@link #join} reads
     */
    public static List<?> asValues(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? list : List.of(value);
    }

    private static void append(StringBuilder text, Object value) {
        if (value == null) {
            return;
        }
        String s = value.toString();
        if (s.isBlank()) {
            return;
        }
        if (text.length() > 0) {
            text.append(' ');
        }
        text.append(s);
    }
}
