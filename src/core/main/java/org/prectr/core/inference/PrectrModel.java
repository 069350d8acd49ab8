package org.prectr.core.inference;

import org.prectr.core.text.TokenBatch;

/**
 * The three graphs of a PRECTR bundle behind one small interface: the query and item encoders and
 * the scorer. {@link OnnxPrectrModel} runs them in ONNX Runtime; tests and the trainer may implement
 * it otherwise. Implementations are thread-safe; {@link #close()} releases native resources.
 */
public interface PrectrModel extends AutoCloseable {

    /** @return D, the embedding size */
    int embeddingDim();

    /** @return k, the number of relevance grades */
    int grades();

    /** @return F, the number of scorer features */
    int featureCount();

    /**
     * @param batch query token ids and mask
     * @return the embeddings, row-major batch.rows() x D
     * @throws InferenceException if the runtime fails or returns a value that is not finite
     */
    float[] encodeQueries(TokenBatch batch);

    /**
     * @param batch item text token ids and mask
     * @return the embeddings, row-major batch.rows() x D; a row may hold values that are not finite
     *     (that item's scores then are not finite either)
     * @throws InferenceException if the runtime fails
     */
    float[] encodeItems(TokenBatch batch);

    /**
     * Scores a whole window in one call.
     *
     * @param queryEmbedding E(q), length D (repeated over the rows), or one query per row, rows x D
     *     (the history grades of {@link HistoryGradeInference})
     * @param itemEmbeddings row-major rows x D
     * @param features row-major rows x F
     * @param rows the number of hits
     * @return the scorer's outputs; a row whose outputs are not finite is returned as it is
     *     ({@link WindowScores#isFinite(int)}): one bad row must not cost the others their scores
     * @throws IllegalArgumentException if an array has the wrong size
     * @throws InferenceException if the runtime fails
     */
    WindowScores score(float[] queryEmbedding, float[] itemEmbeddings, float[] features, int rows);

    /** Releases the model's native resources; idempotent. */
    @Override
    void close();
}
