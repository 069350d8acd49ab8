package org.prectr.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.prectr.core.text.TokenBatch;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.encoder.DistilledEncoder;

import java.util.List;

/**
 * Embeds texts with the distilled encoder's DJL forward pass (inference mode, no dropout), tokenised
 * by the core {@link WordPieceTokenizer} with the bundle's max lengths, in batches.
 */
public final class EncoderEmbedder implements TextEmbedder {

    private static final int BATCH = 256;

    private final DistilledEncoder encoder;
    private final WordPieceTokenizer tokenizer;
    private final int queryMaxLength;
    private final int itemMaxLength;

    /**
     * @param encoder the encoder (not closed here)
     * @param tokenizer the core tokenizer over the bundle's vocabulary
     * @param queryMaxLength tokens per query, [CLS] and [SEP] included
     * @param itemMaxLength tokens per item text
     */
    public EncoderEmbedder(DistilledEncoder encoder, WordPieceTokenizer tokenizer, int queryMaxLength, int itemMaxLength) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.queryMaxLength = queryMaxLength;
        this.itemMaxLength = itemMaxLength;
    }

    @Override
    public float[] embed(List<String> texts, boolean queries) {
        int d = dim();
        float[] out = new float[texts.size() * d];
        for (int start = 0; start < texts.size(); start += BATCH) {
            List<String> slice = texts.subList(start, Math.min(texts.size(), start + BATCH));
            TokenBatch batch = tokenizer.encodeBatch(slice, queries ? queryMaxLength : itemMaxLength);
            try (NDManager step = encoder.manager().newSubManager()) {
                NDArray ids = step.create(batch.inputIds(), new Shape(batch.rows(), batch.length()));
                NDArray mask = step.create(batch.attentionMask(), new Shape(batch.rows(), batch.length()));
                float[] e = encoder.forward(ids, mask, false).toFloatArray();
                System.arraycopy(e, 0, out, start * d, e.length);
            }
        }
        return out;
    }

    @Override
    public int dim() {
        return encoder.config().dim();
    }
}
