package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import org.prectr.trainer.model.Dense;
import org.prectr.trainer.model.ParameterStore;

/**
 * Stage 0's distillation objective: the student encoder learns the teacher's geometry.
 *
 * <ul>
 *   <li>embedding regression: a learned projection of each student vector (D to the teacher's H) should
 *       point where the teacher's vector points, {@code 1 - cos(P e, t)}; the projection is dropped after
 *       training, the student keeps its own D;</li>
 *   <li>relational, MSE: the student's query x title cosine matrix of the batch should equal the
 *       teacher's, entry by entry;</li>
 *   <li>relational, KL: each query's softmax over the batch's titles at temperature T should match the
 *       teacher's (KL(teacher || student)); this is the part that transfers ranking, as NDCG sees it.</li>
 * </ul>
 * Each term has its own weight in {@link Stage0Config}; a zero weight skips it.
 */
final class DistillationLoss {

    private final Dense projection;
    private final float embeddingWeight;
    private final float relationalMseWeight;
    private final float relationalKlWeight;
    private final float temperature;

    /**
     * @param store where the projection's parameters live (trained with the student)
     * @param studentDim D
     * @param teacherDim H
     * @param config the weights and temperature
     */
    DistillationLoss(ParameterStore store, int studentDim, int teacherDim, Stage0Config config) {
        this.projection = Dense.create(store, "distillation_projection", studentDim, teacherDim, 0f);
        this.embeddingWeight = config.embeddingWeight();
        this.relationalMseWeight = config.relationalMseWeight();
        this.relationalKlWeight = config.relationalKlWeight();
        this.temperature = config.relationalTemperature();
    }

    /**
     * The loss terms of one batch.
     *
     * @param total the weighted sum (scalar)
     * @param embedding the embedding-regression term
     * @param relationalMse the cosine-matrix MSE term
     * @param relationalKl the per-query softmax KL term
     */
    record Terms(NDArray total, NDArray embedding, NDArray relationalMse, NDArray relationalKl) {}

    /**
     * @param queries student query embeddings [Q, D]
     * @param titles student title embeddings [T, D]
     * @param teacherQueries teacher query embeddings [Q, H], unit norm
     * @param teacherTitles teacher title embeddings [T, H], unit norm
     * @return the loss terms
     */
    Terms compute(NDArray queries, NDArray titles, NDArray teacherQueries, NDArray teacherTitles) {
        NDArray embedding = alignment(queries, teacherQueries).add(alignment(titles, teacherTitles)).mul(0.5f);
        NDArray student = unit(queries).matMul(unit(titles).transpose());
        NDArray teacher = teacherQueries.matMul(teacherTitles.transpose());
        NDArray mse = student.sub(teacher).square().mean();
        NDArray teacherLog = teacher.div(temperature).logSoftmax(1);
        NDArray studentLog = student.div(temperature).logSoftmax(1);
        NDArray kl = teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(new int[] {1}).mean();
        NDArray total = embedding.mul(embeddingWeight).add(mse.mul(relationalMseWeight)).add(kl.mul(relationalKlWeight));
        return new Terms(total, embedding, mse, kl);
    }

    /** Mean of 1 - cos(P s, t) over rows. */
    private NDArray alignment(NDArray student, NDArray teacher) {
        return unit(projection.forward(student)).mul(teacher).sum(new int[] {1}).neg().add(1f).mean();
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.mul(x).sum(new int[] {1}, true).maximum(1e-12f).sqrt());
    }
}
