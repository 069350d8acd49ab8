package org.prectr.opensearch.rescore;

import java.io.IOException;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.BytesRef;
import org.prectr.core.features.MatchFeatures;

/**
 * The match features of one segment's hits from their stored keywords (F_words: the item's distinct
 * words and {@code !}-marked negated words, keyword doc values), computed by ordinal: the query's words
 * are looked up once per segment, and each hit's keywords are compared as ordinals, never decoded to
 * strings. Gives what {@link MatchFeatures#match(MatchFeatures.Words, String[])} gives on the decoded
 * keywords (checked by {@code StoredKeywordMatchTests}).
 *
 * <p>Keywords sort as bytes, and {@code !} (0x21) sorts before every byte a word can start with
 * (words have a letter or digit and no whitespace), so the negated keywords are exactly the ordinals
 * below the first term at or after {@code "\""}.
 */
final class StoredKeywordMatch {

    private final SortedSetDocValues values;
    private final int querySize;
    /** Ordinals of the query's distinct words that occur in the segment. */
    private final long[] queryOrds;
    /** The first ordinal of a keyword that is not marked negated. */
    private final long plainStart;
    /** Per word the query negates: its ordinal and the ordinal of its negated mark, -1 when absent. */
    private final long[] negatedWord;
    private final long[] negatedMark;

    private StoredKeywordMatch(SortedSetDocValues values, int querySize, long[] queryOrds, long plainStart,
                               long[] negatedWord, long[] negatedMark) {
        this.values = values;
        this.querySize = querySize;
        this.queryOrds = queryOrds;
        this.plainStart = plainStart;
        this.negatedWord = negatedWord;
        this.negatedMark = negatedMark;
    }

    /**
     * @param values the segment's stored keywords
     * @param query the request's query words
     * @return the matcher for this segment, or null for a query that negates more than 32 words (the
     *     keywords are then decoded and matched as strings)
     * @throws IOException if the terms cannot be read
     */
    static StoredKeywordMatch open(SortedSetDocValues values, MatchFeatures.Words query) throws IOException {
        if (query.negated().size() > 32) {
            return null;
        }
        long[] ords = new long[query.set().size()];
        int found = 0;
        for (String word : query.set()) {
            long ord = values.lookupTerm(new BytesRef(word));
            if (ord >= 0) {
                ords[found++] = ord;
            }
        }
        long boundary = values.lookupTerm(new BytesRef("\""));
        long plainStart = boundary >= 0 ? boundary : -boundary - 1;
        long[] negatedWord = new long[query.negated().size()];
        long[] negatedMark = new long[negatedWord.length];
        int i = 0;
        for (String word : query.negated()) {
            negatedWord[i] = Math.max(-1, values.lookupTerm(new BytesRef(word)));
            negatedMark[i] = Math.max(-1, values.lookupTerm(new BytesRef(MatchFeatures.NEGATED_MARK + word)));
            i++;
        }
        return new StoredKeywordMatch(values, query.set().size(), java.util.Arrays.copyOf(ords, found), plainStart,
            negatedWord, negatedMark);
    }

    /**
     * @param doc a segment doc id, not lower than the previous call's
     * @return the hit's match values, or null when it has no stored keywords
     * @throws IOException if the doc values cannot be read
     */
    MatchFeatures.ItemMatch match(int doc) throws IOException {
        if (values.advanceExact(doc) == false) {
            return null;
        }
        int count = values.docValueCount();
        int itemWords = 0;
        int common = 0;
        // bit i: the item has the i-th negated query word; bit 32 + i: the item negates it too
        long seen = 0;
        for (int k = 0; k < count; k++) {
            long ord = values.nextOrd();
            if (ord >= plainStart) {
                itemWords++;
                for (long q : queryOrds) {
                    if (q == ord) {
                        common++;
                        break;
                    }
                }
            }
            for (int i = 0; i < negatedWord.length; i++) {
                if (negatedWord[i] == ord) {
                    seen |= 1L << i;
                } else if (negatedMark[i] == ord) {
                    seen |= 1L << (32 + i);
                }
            }
        }
        double violation = 0;
        for (int i = 0; i < negatedWord.length; i++) {
            if ((seen & (1L << i)) != 0 && (seen & (1L << (32 + i))) == 0) {
                violation = 1;
                break;
            }
        }
        return MatchFeatures.ItemMatch.of(querySize, itemWords, common, violation);
    }
}
