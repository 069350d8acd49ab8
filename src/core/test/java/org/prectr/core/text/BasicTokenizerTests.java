package org.prectr.core.text;

import static org.junit.Assert.assertEquals;

import java.text.Normalizer;
import java.util.List;
import org.junit.Test;

public class BasicTokenizerTests {

    private final BasicTokenizer uncased = new BasicTokenizer(true);

    @Test
    public void lowercasesAndSplitsOnWhitespace() {
        assertEquals(List.of("hello", "world"), uncased.tokenize("  Hello\tWORLD\n"));
    }

    @Test
    public void stripsAccentsWhenLowercasing() {
        assertEquals(List.of("cafe", "naive", "resume"), uncased.tokenize("Café naïve RÉSUMÉ"));
        assertEquals(List.of("Café"), new BasicTokenizer(false).tokenize("Café"));
        // a decomposed accent (e + U+0301) gives the same word as the composed one
        assertEquals(List.of("creme", "brulee"), uncased.tokenize("Cre\u0300me Brûlée"));
    }

    @Test
    public void splitsEveryPunctuationCharacter() {
        assertEquals(List.of("don", "'", "t", "stop", "!", "!", "noise", "-", "cancelling", ",", "4", ".", "5", "\""),
            uncased.tokenize("Don't stop!! noise-cancelling, 4.5\""));
        // $ ^ ` ~ are ASCII symbols, not Unicode punctuation, but BERT treats all ASCII non-alphanumerics as punctuation
        assertEquals(List.of("$", "5", "^", "`", "~"), uncased.tokenize("$5^`~"));
        // Unicode punctuation (category P*): the em dash and the inverted question mark
        assertEquals(List.of("a", "\u2014", "b", "\u00bf"), uncased.tokenize("a\u2014b\u00bf"));
    }

    @Test
    public void dropsControlCharactersAndMapsUnicodeSpaces() {
        // U+0000, U+FFFD and U+0007 (control) vanish; U+00A0 (no-break space, Zs) separates words
        assertEquals(List.of("ab", "c"), uncased.tokenize("a\u0000b\ufffd\u0007\u00a0c"));
        // line and paragraph separators split words, as BERT's final whitespace split does
        assertEquals(List.of("a", "b", "c"), uncased.tokenize("a\u2028b\u2029c"));
        // U+200B (zero width space) is a format character (Cf): removed, joining its neighbours
        assertEquals(List.of("ab"), uncased.tokenize("a\u200bb"));
    }

    @Test
    public void splitsCjkIdeographsButNotHangul() {
        assertEquals(List.of("中", "文", "ab"), uncased.tokenize("中文ab"));
        // as in BERT uncased, accent stripping (NFD) decomposes Hangul syllables into jamo
        assertEquals(List.of(Normalizer.normalize("한국어", Normalizer.Form.NFD)), uncased.tokenize("한국어"));
        assertEquals(List.of("한국어"), new BasicTokenizer(false).tokenize("한국어"));
    }

    @Test
    public void emptyAndNullGiveNoTokens() {
        assertEquals(List.of(), uncased.tokenize(""));
        assertEquals(List.of(), uncased.tokenize(null));
        assertEquals(List.of(), uncased.tokenize(" \t\r\n"));
    }
}
