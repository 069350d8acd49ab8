package org.prectr.trainer.train;

import java.util.List;

/**
 * Turns query and item texts into fixed embeddings, for training with a frozen encoder: every text
 * is encoded once and the towers train on the stored vectors (the fast path). Implementations: the
 * distilled encoder ({@link EncoderEmbedder}) and, for the "teacher instead of distilled encoder"
 * ablation, a teacher model ({@link TeacherEmbedder}).
 */
public interface TextEmbedder {

    /**
     * @param texts texts, one per row
     * @param queries true for query texts (query max length), false for item texts
     * @return row-major texts.size() x {@link #dim()} embeddings
     */
    float[] embed(List<String> texts, boolean queries);

    /** @return the embedding width D */
    int dim();
}
