package org.prectr.core.bundle;

/**
 * The manifest's {@code graphs} object: the three roles a PRECTR bundle needs. The query and item
 * encoders may name the same file (a shared two-tower encoder).
 *
 * @param queryEncoder encodes query token ids to embeddings
 * @param itemEncoder encodes item text token ids to embeddings
 * @param scorer fuses embeddings and features into grade probabilities, click probabilities, tau and score
 */
public record GraphsSpec(GraphSpec queryEncoder, GraphSpec itemEncoder, GraphSpec scorer) {
}
