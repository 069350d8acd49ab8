package org.prectr.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;

/**
 * Turns Jackson's parse and binding errors into the bundle's message style, naming the JSON path of
 * the field: {@code graphs.scorer.extra: expected [a known field: file, inputs, outputs] but found
 * [unknown field]}, {@code seed: expected [an integer] but found [4.5]}.
 */
public final class JacksonErrors {

    private JacksonErrors() {}

    /**
     * @param e a Jackson failure
     * @return "path: expected [..] but found [..]" (or Jackson's own first line for malformed JSON)
     */
    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : ": " + String.join(", ",
                u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
            return path(u) + ": expected [a known field" + known + "] but found [unknown field]";
        }
        if (e instanceof InvalidFormatException f) {
            return path(f) + ": expected [" + expected(f.getTargetType()) + "] but found [" + f.getValue() + "]";
        }
        if (e instanceof MismatchedInputException m) {
            String found = "";
            try {
                found = m.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p ? p.getText() : "";
            } catch (Exception ignored) {
                // the parser may be closed; the path and the expectation are still useful
            }
            return path(m) + ": expected [" + expected(m.getTargetType()) + "] but found [" + found + "]";
        }
        if (e instanceof JsonMappingException m && m.getPath().isEmpty() == false) {
            return path(m) + ": " + firstLine(m.getOriginalMessage());
        }
        return "expected [valid JSON] but found [" + firstLine(e.getOriginalMessage()) + "]";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants())
                .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).toList());
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** @return the JSON path of the failure, e.g. {@code features[3].source}, or {@code (root)} */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(root)" : sb.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
