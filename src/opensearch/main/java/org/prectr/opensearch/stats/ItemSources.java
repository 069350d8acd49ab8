package org.prectr.opensearch.stats;

/**
 * Where the item embeddings of one rescored window came from: the path its index is on.
 *
 * @param stored read from the index's stored embeddings (written at index time for this bundle version)
 * @param cached found in the node's item encoding cache (encoded by an earlier search)
 * @param encodedNoField encoded at query time because the index has no {@code index.prectr.embedding_field}
 * @param encodedMissingOrStale encoded at query time although the index has one: the document has no
 *     embedding, or one of another bundle version, or a malformed one
 */
public record ItemSources(int stored, int cached, int encodedNoField, int encodedMissingOrStale) {
}
