package org.prectr.core.inference;

import org.prectr.core.features.RequestFeatures;

/**
 * A request's per-query work, done once by {@link WindowScorer#prepare}: the query embedding and the
 * request features (history statistics, r_u(q), r_cate(q)). It holds no reference to the model, so an
 * engine may compute it on one node and rebuild it on another from its parts.
 *
 * @param queryEmbedding E(q), length D
 * @param features the request features
 */
public record PreparedQuery(float[] queryEmbedding, RequestFeatures features) {
}
