package org.prectr.trainer.train;

import org.prectr.core.text.Vocabulary;
import org.prectr.trainer.encoder.DistilledEncoder;

/**
 * The text side of a run: the vocabulary, the distilled encoder (stage 0's output, fine-tuned in place
 * when {@link TrainerConfig#fineTuneEncoder()} is on) and, optionally, another frozen embedder used
 * instead of the encoder (the teacher ablation; such a model cannot be exported).
 *
 * @param vocabulary the WordPiece vocabulary of the encoder
 * @param encoder the distilled encoder, or null when {@code frozenOverride} is given
 * @param frozenOverride embeddings to use instead of the encoder's, or null
 */
public record TextModel(Vocabulary vocabulary, DistilledEncoder encoder, TextEmbedder frozenOverride) {

    public TextModel {
        if (encoder == null && frozenOverride == null) {
            throw new IllegalArgumentException("[encoder] must be given when no frozen embedder is");
        }
    }

    /** @return whether the bundle's text encoder can be exported */
    public boolean exportable() {
        return encoder != null && frozenOverride == null;
    }
}
