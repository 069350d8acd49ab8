package org.prectr.core.text;

import java.util.ArrayList;
import java.util.List;

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
        List<String> pieces = new ArrayList<>();
        for (String word : basic.tokenize(text)) {
            splitWord(word, pieces);
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
        List<String> pieces = tokenize(text);
        int n = Math.min(pieces.size(), maxLength - 2);
        int[] ids = new int[n + 2];
        ids[0] = clsId;
        for (int i = 0; i < n; i++) {
            ids[i + 1] = idOf(pieces.get(i));
        }
        ids[n + 1] = sepId;
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

    private int idOf(String piece) {
        int id = vocabulary.id(piece);
        return id < 0 ? unkId : id;
    }

    /** Greedy longest-match-first; a word with any unmatchable remainder becomes a single [UNK]. */
    private void splitWord(String word, List<String> out) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > MAX_WORD_CHARS) {
            out.add(Vocabulary.UNK);
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            String match = null;
            for (int end = cps.length; end > start; end--) {
                String candidate = new String(cps, start, end - start);
                if (start > 0) {
                    candidate = "##" + candidate;
                }
                if (vocabulary.contains(candidate)) {
                    match = candidate;
                    start = end;
                    break;
                }
            }
            if (match == null) {
                out.add(Vocabulary.UNK);
                return;
            }
            pieces.add(match);
        }
        out.addAll(pieces);
    }
}
