package org.prectr.core.text;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;
import org.prectr.core.CoreFixtures;

/** Ids checked against the real bert-base-uncased vocabulary (see the token ids asserted in VocabularyTests). */
public class WordPieceTokenizerTests {

    private static final WordPieceTokenizer BERT = new WordPieceTokenizer(CoreFixtures.bertVocabulary(), true);

    @Test
    public void helloWorld() {
        assertArrayEquals(new int[] {101, 7592, 2088, 102}, BERT.encode("hello world", 16));
        assertArrayEquals(new int[] {101, 7592, 2088, 102}, BERT.encode("Hello,World".replace(",", " "), 16));
    }

    @Test
    public void accentsAreStrippedBeforeLookup() {
        // "café" is not in the vocabulary, "cafe" (7668) is; "naïve" -> "naive" (15743)
        assertArrayEquals(new int[] {101, 7668, 15743, 102}, BERT.encode("Café NAÏVE", 16));
    }

    @Test
    public void punctuationBecomesItsOwnToken() {
        // hello ! (999) - (1011) world
        assertArrayEquals(new int[] {101, 7592, 999, 1011, 2088, 102}, BERT.encode("hello!-world", 16));
    }

    @Test
    public void unknownWordsSplitIntoContinuationPieces() {
        assertEquals(List.of("head", "##phones"), BERT.tokenize("headphones"));
        assertEquals(List.of("g", "##lu", "##ten", "free"), BERT.tokenize("gluten free"));
        assertEquals(List.of("wi", "##fi"), BERT.tokenize("WiFi"));
        assertArrayEquals(new int[] {101, 12202, 21619, 2692, 102}, BERT.encode("xbox360", 16));
        assertArrayEquals(new int[] {101, 2132, 19093, 102}, BERT.encode("headphones", 16));
    }

    @Test
    public void greedyLongestMatchFirst() {
        // "zzzzzz": z, then the longest continuation ##zz twice, then ##z (not ##z x 5)
        assertEquals(List.of("z", "##zz", "##zz", "##z"), BERT.tokenize("zzzzzz"));
    }

    @Test
    public void overLongWordsAndUnmatchableWordsBecomeUnk() {
        String hundred = "a".repeat(100);
        String longer = "a".repeat(101);
        assertEquals(List.of("[UNK]"), BERT.tokenize(longer));
        List<String> pieces = BERT.tokenize(hundred);
        assertEquals(hundred, String.join("", pieces).replace("##", ""));
        assertArrayEquals(new int[] {101, 7592, 100, 2088, 102}, BERT.encode("hello " + longer + " world", 16));
        // an emoji has no piece in the vocabulary: the whole word is [UNK], not a partial split
        assertArrayEquals(new int[] {101, 100, 102}, BERT.encode("\uD83D\uDE42", 16));
    }

    @Test
    public void truncationKeepsClsAndSep() {
        assertArrayEquals(new int[] {101, 7592, 102}, BERT.encode("hello world hello world", 3));
        assertArrayEquals(new int[] {101, 102}, BERT.encode("hello world", 2));
        // truncation counts word pieces, so a word may be cut between its pieces
        assertArrayEquals(new int[] {101, 2132, 102}, BERT.encode("headphones", 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BERT.encode("x", 1));
        assertEquals("[max_length] must be at least [2] but was [1]", e.getMessage());
    }

    @Test
    public void batchesArePaddedToTheLongestRow() {
        TokenBatch batch = BERT.encodeBatch(List.of("hello world", "hello", ""), 16);
        assertEquals(3, batch.rows());
        assertEquals(4, batch.length());
        assertArrayEquals(new long[] {101, 7592, 2088, 102, 101, 7592, 102, 0, 101, 102, 0, 0}, batch.inputIds());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0}, batch.attentionMask());
        assertEquals(3, batch.tokenCount(1));
    }

    @Test
    public void emptyBatch() {
        TokenBatch batch = BERT.encodeBatch(List.of(), 16);
        assertEquals(0, batch.rows());
        assertEquals(0, batch.inputIds().length);
    }

    @Test
    public void refusesVocabulariesWithoutSpecialTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new WordPieceTokenizer(Vocabulary.of(List.of("[PAD]", "[CLS]", "[SEP]", "a")), true));
        assertEquals("[vocabulary] must contain [[UNK]] but does not", e.getMessage());
    }

    @Test
    public void padIdComesFromTheVocabulary() {
        Vocabulary v = Vocabulary.of(List.of("[UNK]", "[CLS]", "[SEP]", "[PAD]", "red", "shoe", "##s"));
        WordPieceTokenizer t = new WordPieceTokenizer(v, true);
        TokenBatch batch = t.encodeBatch(List.of("red shoes", "red"), 8);
        assertArrayEquals(new long[] {1, 4, 5, 6, 2, 1, 4, 2, 3, 3}, batch.inputIds());
    }

    @Test
    public void tokenBatchChecksItsSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new TokenBatch(new long[3], new long[4], 2, 2));
        assertEquals("[token_batch] must hold [2 x 2] ids and mask values but had [3] and [4]", e.getMessage());
    }
}
