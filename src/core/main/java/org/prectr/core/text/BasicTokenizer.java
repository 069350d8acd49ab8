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
        if (text == null) {
            return out;
        }
        String cleaned = clean(Normalizer.normalize(text, Normalizer.Form.NFC));
        for (String word : cleaned.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (lowercase) {
                word = stripAccents(word.toLowerCase(Locale.ROOT));
            }
            splitOnPunctuation(word, out);
        }
        return out;
    }

    /** Removes invalid and control characters, maps whitespace to spaces, spaces out CJK ideographs. */
    private static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                sb.append(' ');
            } else if (isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String stripAccents(String word) {
        String nfd = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(nfd.length());
        nfd.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static void splitOnPunctuation(String word, List<String> out) {
        StringBuilder current = new StringBuilder();
        word.codePoints().forEach(cp -> {
            if (isPunctuation(cp)) {
                if (current.length() > 0) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                out.add(new String(Character.toChars(cp)));
            } else {
                current.appendCodePoint(cp);
            }
        });
        if (current.length() > 0) {
            out.add(current.toString());
        }
    }

    /** BERT: space, tab, newline, carriage return and Unicode Zs are whitespace. */
    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
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
