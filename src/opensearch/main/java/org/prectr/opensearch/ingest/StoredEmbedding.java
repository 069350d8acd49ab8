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

    /**
     * Largest absolute value a stored embedding may hold. Encoders produce values of order 1; far
     * beyond this the scorer's dot products and norms overflow float32 (1e38 squared is infinite), so
     * such a row is malformed, like one holding NaN or an infinity.
     */
    public static final float MAX_ABS_VALUE = 1e6f;

    /** What decoding a stored value found. */
    public enum Decoded {
        /** D finite values within [-MAX_ABS_VALUE, MAX_ABS_VALUE], written to the output */
        VALID,
        /** not 4 x D bytes */
        WRONG_LENGTH,
        /** a NaN or an infinity */
        NOT_FINITE,
        /** a finite value beyond {@link #MAX_ABS_VALUE} */
        OUT_OF_RANGE;

        /** @return whether the item must be encoded at query time instead (the length or a value is wrong) */
        public boolean malformed() {
            return this != VALID;
        }
    }

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
        float[] out = new float[dim];
        Decoded decoded = decode(bytes, 0, bytes.length, dim, out, 0);
        switch (decoded) {
            case WRONG_LENGTH -> throw new IllegalArgumentException("[embedding] must have [" + 4 * dim + "] bytes (4 x D) but had ["
                + bytes.length + "]");
            case NOT_FINITE, OUT_OF_RANGE -> throw new IllegalArgumentException("[embedding] must hold finite values within [-"
                + MAX_ABS_VALUE + ", " + MAX_ABS_VALUE + "] but held " + java.util.Arrays.toString(out));
            default -> {
                return out;
            }
        }
    }

    /**
     * The one decoder of a stored embedding (the rescorer's doc values and {@link #fromBytes}): checks
     * the length, copies the values and checks each is finite and within {@link #MAX_ABS_VALUE}.
     *
     * @param bytes holds the stored value
     * @param offset where it starts
     * @param length its length in bytes
     * @param dim the D it must have
     * @param out receives the D values at {@code outOffset} (also when malformed: the caller discards them)
     * @param outOffset where in {@code out}
     * @return what was found; anything but {@link Decoded#VALID} means the item is encoded at query time
     */
    public static Decoded decode(byte[] bytes, int offset, int length, int dim, float[] out, int outOffset) {
        if (length != 4 * dim) {
            return Decoded.WRONG_LENGTH;
        }
        ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, outOffset, dim);
        return check(out, outOffset, dim);
    }

    /**
     * @param values holds an embedding
     * @param offset where it starts
     * @param dim D
     * @return {@link Decoded#VALID}, {@link Decoded#NOT_FINITE} or {@link Decoded#OUT_OF_RANGE}
     */
    public static Decoded check(float[] values, int offset, int dim) {
        Decoded found = Decoded.VALID;
        for (int i = offset; i < offset + dim; i++) {
            float v = values[i];
            if (Float.isFinite(v) == false) {
                return Decoded.NOT_FINITE;
            }
            if (Math.abs(v) > MAX_ABS_VALUE) {
                found = Decoded.OUT_OF_RANGE;
            }
        }
        return found;
    }
}
