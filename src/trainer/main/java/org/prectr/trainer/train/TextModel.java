package org.prectr.trainer.train;

import org.prectr.core.text.Vocabulary;
import org.prectr.trainer.encoder.DistilledEncoder;

/**
 * The text side of a run: the vocabulary, the distilled encoder (stage 0's output, fine-tuned in place
 * when {@link TrainerConfig#fineTuneEncoder()} is on) and, optionally, another frozen embedder used
 * instead of the encoder (the teacher ablation). A model on a frozen {@link TeacherEmbedder} is exported
 * with the teacher's graph and vocabulary; one on any other frozen embedder cannot be exported.
 *
 * @param vocabulary the WordPiece vocabulary of the encoder (with a teacher, the bundle gets the teacher's own)
 * @param encoder the distilled encoder, or null when {@code frozenOverride} is given
 * @param frozenOverride embeddings to use instead of the encoder's, or null
 */
public record TextModel(Vocabulary vocabulary, DistilledEncoder encoder, TextEmbedder frozenOverride) {

    public TextModel {
        if (encoder == null && frozenOverride == null) {
            throw new IllegalArgumentException("[encoder] must be given when no frozen embedder is");
        }
    }

    /** @return whether the distilled encoder computes the embeddings (and can be fine-tuned) */
    public boolean usesEncoder() {
        return encoder != null && frozenOverride == null;
    }

    /** @return the frozen teacher that computes the embeddings, or null */
    public TeacherEmbedder teacher() {
        return frozenOverride instanceof TeacherEmbedder t ? t : null;
    }

    /** @return whether the bundle's text encoder can be exported: the distilled encoder or a frozen teacher */
    public boolean exportable() {
        return usesEncoder() || teacher() != null;
    }
}
