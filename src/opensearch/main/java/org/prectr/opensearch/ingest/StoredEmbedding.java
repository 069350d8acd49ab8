package org.prectr.opensearch.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The stored item embedding format of docs/request.md ("Stored item embeddings"): D float32 values,
 * little-endian, 4 x D bytes, base64 in the JSON source as for every {@code binary} field; the
 * keyword field {@code F_version} holds the version of the bundle that produced it. Written by the
 * {@code prectr_embedding} processor, read from doc values by the rescorer.
 */
public final class StoredEmbedding {

    /** Appended to the embedding field's name to get the version field's name. */
    public static final String VERSION_SUFFIX = "_version";

    /** Appended to the embedding field's name to get the match-keywords field's name. */
    public static final String KEYWORDS_SUFFIX = "_words";

    private StoredEmbedding() {
    }

    /**
     * @param field the embedding field F
     * @return F_words: the item's match keywords ({@code MatchFeatures.itemKeywords}), so that the
     *     rescorer's match features need not read {@code _source}
     */
    public static String keywordsField(String field) {
        return field + KEYWORDS_SUFFIX;
    }

    /**
     * @param field the embedding field F
     * @return F_version
     */
    public static String versionField(String field) {
        return field + VERSION_SUFFIX;
    }

    /**
     * @param values row-major embeddings
     * @param row the row to write
     * @param dim D
     * @return the row as 4 x D little-endian bytes
     */
    public static byte[] toBytes(float[] values, int row, int dim) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values, row * dim, dim);
        return buffer.array();
    }

    /**
     * @param values row-major embeddings
     * @param row the row to write
     * @param dim D
     * @return the row's bytes in base64, as a binary field's source value
     */
    public static String toBase64(float[] values, int row, int dim) {
        return Base64.getEncoder().encodeToString(toBytes(values, row, dim));
    }

    /**
     * @param bytes a stored embedding
     * @param dim the D it must have
     * @return its D values
     * @throws IllegalArgumentException {@code [embedding] must have [64] bytes (4 x D) but had [8]}
     */
    public static float[] fromBytes(byte[] bytes, int dim) {
        if (bytes.length != 4 * dim) {
            throw new IllegalArgumentException("[embedding] must have [" + 4 * dim + "] bytes (4 x D) but had ["
                + bytes.length + "]");
        }
        float[] out = new float[dim];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
