package org.prectr.core.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BERT's BasicTokenizer (uncased): the pre-tokenisation that runs before WordPiece. It drops NUL,
 * U+FFFD and control characters, maps every whitespace to a space, puts spaces around CJK ideographs,
 * splits on whitespace, then (when lower-casing) lower-cases and strips accents (NFD, drop
 * non-spacing marks), and finally splits every punctuation character into its own token. It follows
 * HuggingFace's {@code BasicTokenizer} with {@code do_lower_case=True, tokenize_chinese_chars=True}
 * so that ids match the bert-base-uncased tokenizer; {@code MatchFeatures} reuses it for word tokens.
 */
public final class BasicTokenizer {

    private final boolean lowercase;

    /**
     * @param lowercase lower-case and strip accents (BERT uncased) when true
     */
    public BasicTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    /**
     * @param text any text (null is treated as empty)
     * @return the tokens, in order
     */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        // ASCII text is already NFC and has no accents: skip both normalisations (most product titles)
        boolean ascii = isAscii(text);
        String s = ascii ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                continue;
            }
            if (isWhitespace(cp)) {
                flush(word, ascii, out);
            } else if (isCjk(cp)) {
                // BERT puts spaces around CJK ideographs: each is a word of its own
                flush(word, ascii, out);
                word.appendCodePoint(cp);
                flush(word, false, out);
            } else {
                word.appendCodePoint(cp);
            }
        }
        flush(word, ascii, out);
        return out;
    }

    private void flush(StringBuilder word, boolean ascii, List<String> out) {
        if (word.length() == 0) {
            return;
        }
        String w = word.toString();
        word.setLength(0);
        if (lowercase) {
            w = w.toLowerCase(Locale.ROOT);
            if (ascii == false) {
                w = stripAccents(w);
            }
        }
        splitOnPunctuation(w, out);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String stripAccents(String word) {
        String nfd = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length();) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private static void splitOnPunctuation(String word, List<String> out) {
        int start = 0;
        for (int i = 0; i < word.length();) {
            int cp = word.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isPunctuation(cp)) {
                if (i > start) {
                    out.add(word.substring(start, i));
                }
                out.add(word.substring(i, next));
                start = next;
            }
            i = next;
        }
        if (start < word.length()) {
            out.add(start == 0 ? word : word.substring(start));
        }
    }

    /**
     * BERT: space, tab, newline, carriage return and Unicode Zs are whitespace. The line and paragraph
     * separators (Zl, Zp) are added: BERT's own cleaning keeps them, but its final whitespace split
     * (Python {@code str.split()}, Rust {@code char::is_whitespace}) splits on them.
     */
    static boolean isWhitespace(int cp) {
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** BERT: categories C* are control characters, except tab, newline and carriage return (whitespace). */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
            || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    /** BERT: every non-alphanumeric ASCII printable character, and Unicode categories P*, are punctuation. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
            || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
            || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
            || type == Character.OTHER_PUNCTUATION;
    }

    /** BERT's CJK Unified Ideographs blocks (not Hangul or Kana, which are split on whitespace as usual). */
    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
            || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
            || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
