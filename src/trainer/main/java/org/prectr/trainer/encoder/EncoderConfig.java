package org.prectr.trainer.encoder;

/**
 * The shape of the PRECTR-V2 distilled text encoder: a small pre-LayerNorm transformer over WordPiece
 * ids whose masked mean-pooled output is the query and item embedding of the bundle.
 *
 * <p>The defaults are the project's reference defaults (shared PRECTR.md, "Reference defaults"): the
 * bert-base-uncased vocabulary, token embeddings factorised as 30,522 x 32 then projected to 128 (so
 * that about 2M parameters buy three layers instead of going into the embedding table), 3 layers,
 * d = 128, 4 heads, FFN 512. With these values the encoder has 1,584,192 parameters.
 *
 * @param vocabularySize    token ids are in [0, vocabularySize); default 30,522 (bert-base-uncased)
 * @param embeddingFactor   width of the factorised token table before the projection to {@code dim}; default 32
 * @param dim               model width d and output embedding size D; default 128
 * @param layers            transformer layers; default 3
 * @param heads             attention heads (must divide {@code dim}); default 4
 * @param ffnDim            hidden width of each layer's ReLU feed-forward block; default 512
 * @param maxPositions      rows of the learned position table: the longest input accepted; default 64
 *                          (queries use 16 tokens and titles 48)
 * @param dropout           dropout rate on embeddings, attention output and FFN output while training; default 0.1
 * @param layerNormEpsilon  epsilon of every LayerNorm (the ONNX export uses the same); default 1e-5
 * @param normalizeOutput   L2-normalise the pooled output; default true: distillation and the NDCG
 *                          selection rank by cosine, and a unit-norm embedding keeps the scorer's inputs
 *                          on a fixed scale while the encoder is fine-tuned end to end
 */
public record EncoderConfig(
    int vocabularySize,
    int embeddingFactor,
    int dim,
    int layers,
    int heads,
    int ffnDim,
    int maxPositions,
    float dropout,
    float layerNormEpsilon,
    boolean normalizeOutput
) {

    /** The reference defaults (see the class documentation). */
    public static final EncoderConfig DEFAULTS = new EncoderConfig(30_522, 32, 128, 3, 4, 512, 64, 0.1f, 1e-5f, true);

    /** Checks every field; messages name the field and bracket the bad value. */
    public EncoderConfig {
        atLeast("vocabulary_size", vocabularySize, 5);
        atLeast("embedding_factor", embeddingFactor, 1);
        atLeast("dim", dim, 1);
        atLeast("layers", layers, 1);
        atLeast("heads", heads, 1);
        atLeast("ffn_dim", ffnDim, 1);
        atLeast("max_positions", maxPositions, 2);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("[heads] must divide [dim] = [" + dim + "] but was [" + heads + "]");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("[dropout] must be in [0, 1) but was [" + dropout + "]");
        }
        if (!(layerNormEpsilon > 0f)) {
            throw new IllegalArgumentException("[layer_norm_epsilon] must be > 0 but was [" + layerNormEpsilon + "]");
        }
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("[" + field + "] must be at least [" + min + "] but was [" + value + "]");
        }
    }

    /** @return the width of one attention head, {@code dim / heads} */
    public int headDim() {
        return dim / heads;
    }

    /** @return the exact number of trainable scalars an encoder of this shape has */
    public long parameterCount() {
        long embeddings = (long) vocabularySize * embeddingFactor + (long) embeddingFactor * dim + dim
            + (long) maxPositions * dim;
        long attention = 4L * ((long) dim * dim + dim);
        long ffn = (long) dim * ffnDim + ffnDim + (long) ffnDim * dim + dim;
        long norms = 2L * 2 * dim;
        return embeddings + layers * (attention + ffn + norms) + 2L * dim;
    }
}
