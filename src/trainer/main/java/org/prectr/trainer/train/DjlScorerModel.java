package org.prectr.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.prectr.core.inference.PrectrModel;
import org.prectr.core.inference.WindowScores;
import org.prectr.core.text.TokenBatch;
import org.prectr.trainer.model.PrectrScorer;
import org.prectr.trainer.model.ScorerOutputs;

/**
 * The scorer being trained, seen through the core's {@link PrectrModel} interface (scoring only), so that
 * core code that runs the serving model, such as {@link org.prectr.core.inference.HistoryGradeInference},
 * runs the same way on the model in training. Encoding is the trainer's {@link TextEmbedder}'s job and is
 * not offered here. Owns nothing: the scorer's weights belong to the training run.
 */
final class DjlScorerModel implements PrectrModel {

    private final PrectrScorer scorer;
    private final NDManager manager;

    DjlScorerModel(PrectrScorer scorer, NDManager manager) {
        this.scorer = scorer;
        this.manager = manager;
    }

    @Override
    public int embeddingDim() {
        return scorer.layout().embeddingDim();
    }

    @Override
    public int grades() {
        return scorer.layout().grades();
    }

    @Override
    public int featureCount() {
        return scorer.layout().featureCount();
    }

    @Override
    public float[] encodeQueries(TokenBatch batch) {
        throw new UnsupportedOperationException("the training scorer does not encode text: use the TextEmbedder");
    }

    @Override
    public float[] encodeItems(TokenBatch batch) {
        throw new UnsupportedOperationException("the training scorer does not encode text: use the TextEmbedder");
    }

    @Override
    public WindowScores score(float[] queryEmbedding, float[] itemEmbeddings, float[] features, int rows) {
        int d = embeddingDim();
        int f = featureCount();
        int k = grades();
        try (NDManager step = manager.newSubManager()) {
            NDArray q = queryEmbedding.length == d
                ? step.create(queryEmbedding, new Shape(1, d)).repeat(0, rows)
                : step.create(queryEmbedding, new Shape(rows, d));
            ScorerOutputs out = scorer.forward(q, step.create(itemEmbeddings, new Shape(rows, d)),
                step.create(features, new Shape(rows, f)));
            return new WindowScores(rows, k, out.gradeProbs().toFloatArray(), out.clickProbs().toFloatArray(),
                out.tau().toFloatArray(), out.score().toFloatArray());
        }
    }

    @Override
    public void close() {
        // the scorer and its manager belong to the training run
    }
}
