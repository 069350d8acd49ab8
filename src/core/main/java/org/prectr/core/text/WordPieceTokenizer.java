package org.prectr.core.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT WordPiece tokenisation over a {@link Vocabulary}: {@link BasicTokenizer} words, each split
 * greedily longest-match-first into pieces (continuations prefixed with {@code ##}); a word longer
 * than {@value #MAX_WORD_CHARS} characters, or one that cannot be split, becomes {@code [UNK]}.
 * Sequences are {@code [CLS] pieces [SEP]}, truncated to the max length (keeping {@code [SEP]}) and
 * padded with {@code [PAD]} to the longest row of a batch. Immutable and thread-safe; the trainer and
 * the plugin share it so that training and serving see the same ids.
 */
public final class WordPieceTokenizer {

    /** Words longer than this many characters (code points) become [UNK], as in BERT. */
    public static final int MAX_WORD_CHARS = 100;

    private final Vocabulary vocabulary;
    private final BasicTokenizer basic;
    /** Word-initial pieces and ## continuations (keyed without the prefix), so lookups build no strings. */
    private final Map<String, Integer> initialIds;
    private final Map<String, Integer> continuationIds;
    /** The longest piece, in chars: longer candidates cannot match and are not tried. */
    private final int maxPieceChars;
    private final int padId;
    private final int unkId;
    private final int clsId;
    private final int sepId;

    /**
     * @param vocabulary a vocabulary holding [PAD], [UNK], [CLS] and [SEP]
     * @param lowercase BERT uncased pre-tokenisation when true
     * @throws IllegalArgumentException {@code [vocabulary] must contain [[UNK]] but does not} when a
     *     special token is missing
     */
    public WordPieceTokenizer(Vocabulary vocabulary, boolean lowercase) {
        this.vocabulary = vocabulary;
        this.basic = new BasicTokenizer(lowercase);
        this.padId = required(vocabulary, Vocabulary.PAD);
        this.unkId = required(vocabulary, Vocabulary.UNK);
        this.clsId = required(vocabulary, Vocabulary.CLS);
        this.sepId = required(vocabulary, Vocabulary.SEP);
        Map<String, Integer> initial = new HashMap<>(vocabulary.size() * 2);
        Map<String, Integer> continuation = new HashMap<>();
        int longest = 1;
        for (int id = 0; id < vocabulary.size(); id++) {
            String token = vocabulary.token(id);
            boolean cont = token.startsWith("##") && token.length() > 2;
            String piece = cont ? token.substring(2) : token;
            (cont ? continuation : initial).put(piece, id);
            longest = Math.max(longest, piece.length());
        }
        this.initialIds = initial;
        this.continuationIds = continuation;
        this.maxPieceChars = longest;
    }

    private static int required(Vocabulary vocabulary, String token) {
        int id = vocabulary.id(token);
        if (id < 0) {
            throw new IllegalArgumentException("[vocabulary] must contain [" + token + "] but does not");
        }
        return id;
    }

    /** @return the vocabulary */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * @param text any text
     * @return its word pieces, without [CLS] and [SEP] and without truncation
     */
    public List<String> tokenize(String text) {
        IntList ids = pieceIds(text, Integer.MAX_VALUE);
        List<String> pieces = new ArrayList<>(ids.size);
        for (int i = 0; i < ids.size; i++) {
            pieces.add(vocabulary.token(ids.values[i]));
        }
        return pieces;
    }

    /**
     * @param text any text
     * @param maxLength the max sequence length, [CLS] and [SEP] included, at least 2
     * @return the ids of {@code [CLS] pieces [SEP]}, pieces truncated to {@code maxLength - 2}
     */
    public int[] encode(String text, int maxLength) {
        checkMaxLength(maxLength);
        IntList pieces = pieceIds(text, maxLength - 2);
        int n = Math.min(pieces.size, maxLength - 2);
        int[] ids = new int[n + 2];
        ids[0] = clsId;
        System.arraycopy(pieces.values, 0, ids, 1, n);
        ids[n + 1] = sepId;
        return ids;
    }

    /** The piece ids of a text; stops once {@code limit} pieces are known (truncation needs no more). */
    private IntList pieceIds(String text, int limit) {
        IntList ids = new IntList();
        for (String word : basic.tokenize(text)) {
            if (ids.size >= limit) {
                break;
            }
            splitWord(word, ids);
        }
        return ids;
    }

    /**
     * Encodes a batch for an encoder graph.
     *
     * @param texts the texts, one row each
     * @param maxLength the max sequence length, [CLS] and [SEP] included, at least 2
     * @return ids and attention mask, padded with [PAD] to the longest row
     */
    public TokenBatch encodeBatch(List<String> texts, int maxLength) {
        checkMaxLength(maxLength);
        int[][] rows = new int[texts.size()][];
        int length = 0;
        for (int r = 0; r < rows.length; r++) {
            rows[r] = encode(texts.get(r), maxLength);
            length = Math.max(length, rows[r].length);
        }
        long[] ids = new long[rows.length * length];
        long[] mask = new long[ids.length];
        for (int r = 0; r < rows.length; r++) {
            int base = r * length;
            for (int i = 0; i < length; i++) {
                boolean token = i < rows[r].length;
                ids[base + i] = token ? rows[r][i] : padId;
                mask[base + i] = token ? 1 : 0;
            }
        }
        return new TokenBatch(ids, mask, rows.length, length);
    }

    private static void checkMaxLength(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("[max_length] must be at least [2] but was [" + maxLength + "]");
        }
    }

    /** Greedy longest-match-first; a word with any unmatchable remainder becomes a single [UNK]. */
    private void splitWord(String word, IntList out) {
        int chars = word.codePointCount(0, word.length());
        if (chars > MAX_WORD_CHARS) {
            out.add(unkId);
            return;
        }
        Integer whole = initialIds.get(word);
        if (whole != null) {
            out.add(whole);
            return;
        }
        int mark = out.size;
        int start = 0;
        while (start < word.length()) {
            Map<String, Integer> pieces = start == 0 ? initialIds : continuationIds;
            Integer match = null;
            int end = Math.min(word.length(), start + maxPieceChars);
            for (; end > start; end--) {
                if (end < word.length() && Character.isLowSurrogate(word.charAt(end))
                    && Character.isHighSurrogate(word.charAt(end - 1))) {
                    continue; // never split a surrogate pair
                }
                match = pieces.get(word.substring(start, end));
                if (match != null) {
                    break;
                }
            }
            if (match == null) {
                out.size = mark;
                out.add(unkId);
                return;
            }
            out.add(match);
            start = end;
        }
    }

    /** A growable int array, to collect ids without boxing. */
    private static final class IntList {
        int[] values = new int[16];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
