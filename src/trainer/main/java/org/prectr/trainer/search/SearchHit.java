package org.prectr.trainer.search;

/** One first-phase hit: the product id and its BM25 score. */
public record SearchHit(String productId, float score) {}
