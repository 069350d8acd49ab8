package org.prectr.core.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class TextBoundsTests {

    @Test
    public void lengthsCountCodePointsNotUtf16Units() {
        String emoji = "\uD83D\uDE00".repeat(256); // 256 emoji, 512 UTF-16 units
        assertEquals(256, TextBounds.length(emoji));
        assertEquals(emoji, TextBounds.requireMaxLength("[prectr] [user.id]", emoji, 256));
        assertEquals("[prectr] [user.id] must have at most [256] characters but had [257]", assertThrows(IllegalArgumentException.class,
            () -> TextBounds.requireMaxLength("[prectr] [user.id]", emoji + "a", 256)).getMessage());
    }

    @Test
    public void blankMeansNoVisibleCharacter() {
        for (String blank : new String[] {"", "   ", "\u00A0\u00A0", "\u0001\u0002", "\u200B", "\t\n\u2007\u202F", "\uFEFF"}) {
            assertTrue(blank, TextBounds.isBlank(blank));
        }
        assertFalse(TextBounds.isBlank("\u00A0a"));
        assertFalse(TextBounds.isBlank("\uD83D\uDE00"));
        assertEquals("[prectr] [query_text] must not be blank but was [\u00A0]", assertThrows(IllegalArgumentException.class,
            () -> TextBounds.requireNotBlank("[prectr] [query_text]", "\u00A0")).getMessage());
    }

    @Test
    public void integersMustBeIntegers() {
        assertEquals(3, TextBounds.requireInt("[grade]", 3));
        assertEquals(3, TextBounds.requireInt("[grade]", 3.0));
        assertEquals(3, TextBounds.requireInt("[grade]", "3"));
        assertEquals(-2, TextBounds.requireInt("[grade]", -2L));
        for (Object bad : new Object[] {3.5, "1.5", 1e10, 5_000_000_000L, Double.NaN, "three"}) {
            assertEquals("[grade] must be an integer but was [" + bad + "]",
                assertThrows(IllegalArgumentException.class, () -> TextBounds.requireInt("[grade]", bad)).getMessage());
        }
    }
}
