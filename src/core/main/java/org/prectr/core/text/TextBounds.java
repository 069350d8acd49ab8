package org.prectr.core.text;

/**
 * The bounds every free-form input shares, in one place so that each parser applies them alike:
 * lengths count Unicode code points (an emoji is one character, not two UTF-16 units), "blank" means no
 * visible character (whitespace, no-break spaces, control and format characters are not visible), and
 * a value that must be an integer is refused when it has a fraction instead of being truncated. Each
 * failure is an {@link IllegalArgumentException} naming the field and bracketing the value.
 */
public final class TextBounds {

    /** Longest value of a short free-form string: an id, a feature value, a manifest's version. */
    public static final int MAX_SHORT_LENGTH = 256;

    private TextBounds() {}

    /**
     * @param value a string
     * @return its length in code points
     */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /**
     * @param value a string
     * @return whether it has no visible character
     */
    public static boolean isBlank(String value) {
        return value.codePoints().allMatch(TextBounds::invisible);
    }

    private static boolean invisible(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
            || Character.getType(c) == Character.FORMAT;
    }

    /**
     * @param field the field's name as the user writes it, e.g. {@code [prectr] [query_text]}
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException {@code [prectr] [query_text] must not be blank but was [ ]}
     */
    public static String requireNotBlank(String field, String value) {
        if (isBlank(value)) {
            throw new IllegalArgumentException(field + " must not be blank but was [" + value + "]");
        }
        return value;
    }

    /**
     * @param field the field's name as the user writes it
     * @param value the value
     * @param max the most code points it may have
     * @return the value
     * @throws IllegalArgumentException {@code [prectr] [user.id] must have at most [256] characters but had [300]}
     */
    public static String requireMaxLength(String field, String value, int max) {
        int length = length(value);
        if (length > max) {
            throw new IllegalArgumentException(field + " must have at most [" + max + "] characters but had [" + length + "]");
        }
        return value;
    }

    /**
     * An integer from a parsed number or text, refusing fractions and values outside int instead of
     * truncating them ({@code 3.5} is not {@code 3}).
     *
     * @param field the field's name as the user writes it
     * @param value a {@link Number} or its text
     * @return the integer
     * @throws IllegalArgumentException {@code [prectr] [user.history.grade] must be an integer but was [3.5]}
     */
    public static int requireInt(String field, Object value) {
        double number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long exact = ((Number) value).longValue();
            if (exact < Integer.MIN_VALUE || exact > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(field + " must be an integer but was [" + value + "]");
            }
            return (int) exact;
        }
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else {
            try {
                number = Double.parseDouble(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " must be an integer but was [" + value + "]");
            }
        }
        if (number != Math.rint(number) || number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " must be an integer but was [" + value + "]");
        }
        return (int) number;
    }
}
