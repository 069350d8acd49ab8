package org.prectr.opensearch.ingest;

import org.opensearch.test.OpenSearchTestCase;

/** The one decoder of stored embeddings: length, finiteness and range. */
public class StoredEmbeddingTests extends OpenSearchTestCase {

    private static StoredEmbedding.Decoded decode(float... values) {
        byte[] bytes = StoredEmbedding.toBytes(values, 0, values.length);
        float[] out = new float[values.length + 2];
        return StoredEmbedding.decode(bytes, 0, bytes.length, values.length, out, 2);
    }

    public void testFiniteValuesInRangeAreValidAndCopied() {
        float[] values = {0.5f, -1f, 3f, StoredEmbedding.MAX_ABS_VALUE, -StoredEmbedding.MAX_ABS_VALUE};
        byte[] bytes = StoredEmbedding.toBytes(values, 0, values.length);
        float[] out = new float[7];
        assertEquals(StoredEmbedding.Decoded.VALID, StoredEmbedding.decode(bytes, 0, bytes.length, 5, out, 2));
        assertArrayEquals(new float[] {0, 0, 0.5f, -1f, 3f, 1e6f, -1e6f}, out, 0f);
    }

    public void testNonFiniteAndOutOfRangeValuesAreMalformed() {
        assertEquals(StoredEmbedding.Decoded.NOT_FINITE, decode(0.1f, Float.NaN, 0.2f));
        assertEquals(StoredEmbedding.Decoded.NOT_FINITE, decode(0.1f, Float.POSITIVE_INFINITY));
        assertEquals(StoredEmbedding.Decoded.NOT_FINITE, decode(Float.NEGATIVE_INFINITY, 1e38f));
        assertEquals(StoredEmbedding.Decoded.OUT_OF_RANGE, decode(0.1f, 1e38f));
        assertEquals(StoredEmbedding.Decoded.OUT_OF_RANGE, decode(-2e6f));
        assertTrue(StoredEmbedding.Decoded.OUT_OF_RANGE.malformed());
        assertFalse(StoredEmbedding.Decoded.VALID.malformed());
    }

    public void testCheckLooksOnlyAtTheGivenRow() {
        float[] rows = {0.1f, 0.2f, Float.NaN, 0.3f, 2e6f, 0.4f};
        assertEquals(StoredEmbedding.Decoded.VALID, StoredEmbedding.check(rows, 0, 2));
        assertEquals(StoredEmbedding.Decoded.NOT_FINITE, StoredEmbedding.check(rows, 2, 2));
        assertEquals(StoredEmbedding.Decoded.OUT_OF_RANGE, StoredEmbedding.check(rows, 4, 2));
    }

    public void testWrongLengthIsMalformed() {
        byte[] bytes = new byte[8];
        assertEquals(StoredEmbedding.Decoded.WRONG_LENGTH, StoredEmbedding.decode(bytes, 0, 8, 3, new float[3], 0));
        assertEquals("[embedding] must have [12] bytes (4 x D) but had [8]",
            expectThrows(IllegalArgumentException.class, () -> StoredEmbedding.fromBytes(bytes, 3)).getMessage());
    }

    public void testFromBytesRefusesNonFiniteValues() {
        byte[] bytes = StoredEmbedding.toBytes(new float[] {1f, Float.NaN}, 0, 2);
        assertEquals("[embedding] must hold finite values within [-1000000.0, 1000000.0] but held [1.0, NaN]",
            expectThrows(IllegalArgumentException.class, () -> StoredEmbedding.fromBytes(bytes, 2)).getMessage());
    }
}
