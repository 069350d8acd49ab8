package org.prectr.onnx;

import java.util.Arrays;
import org.prectr.core.inference.WindowScores;
import org.prectr.core.text.TokenBatch;

/**
 * The deterministic bundle's two graphs computed in plain Java, without ONNX Runtime, so that tests
 * of the plugin, the core and the evaluation can predict scores and orders independently of the graphs
 * (which are held to this class within 1e-5). Sums run in double; results are rounded to float like the
 * graphs' outputs. Thread-safe and immutable once built.
 */
public final class DeterministicBundleReference {

    private final float[] table;
    private final int dim;
    private final DeterministicScorerWeights weights;
    private final float[] heads;

    /**
     * @param table   the row-major [V, dim] token table the encoder graph holds
     * @param dim     D
     * @param weights the scorer weights the scorer graph holds
     */
    public DeterministicBundleReference(float[] table, int dim, DeterministicScorerWeights weights) {
        this.table = table.clone();
        this.dim = dim;
        this.weights = weights;
        this.heads = weights.headMatrix();
    }

    /** @return D, the embedding size */
    public int embeddingDim() {
        return dim;
    }

    /** @return the scorer weights */
    public DeterministicScorerWeights weights() {
        return weights;
    }

    /**
     * The text encoder (query and item roles alike): the L2-normalised masked mean of the token vectors.
     *
     * @param batch token ids and mask, as the core's {@code WordPieceTokenizer} makes them
     * @return the row-major [rows, D] embeddings; a row without any vector-bearing token is all zeros
     */
    public float[] encode(TokenBatch batch) {
        float[] out = new float[batch.rows() * dim];
        double[] mean = new double[dim];
        for (int row = 0; row < batch.rows(); row++) {
            Arrays.fill(mean, 0);
            double count = 0;
            for (int t = 0; t < batch.length(); t++) {
                int index = row * batch.length() + t;
                if (batch.attentionMask()[index] != 0) {
                    count += 1;
                    int id = (int) batch.inputIds()[index];
                    for (int j = 0; j < dim; j++) {
                        mean[j] += table[id * dim + j];
                    }
                }
            }
            double squares = 0;
            for (int j = 0; j < dim; j++) {
                mean[j] /= Math.max(count, 1);
                squares += mean[j] * mean[j];
            }
            double norm = Math.sqrt(Math.max(squares, DeterministicGraphs.NORM_FLOOR_SQUARED));
            for (int j = 0; j < dim; j++) {
                out[row * dim + j] = (float) (mean[j] / norm);
            }
        }
        return out;
    }

    /**
     * The scorer, for rows that all share one query embedding (as the core's {@code WindowScorer} calls it).
     *
     * @param queryEmbedding E(q), length D
     * @param itemEmbeddings row-major [rows, D]
     * @param features       row-major [rows, F]
     * @param rows           the number of hits
     * @return the four outputs of the scorer graph
     */
    public WindowScores score(float[] queryEmbedding, float[] itemEmbeddings, float[] features, int rows) {
        int k = weights.grades();
        int f = weights.featureCount();
        float[] slope = weights.gradeSlope();
        float[] gradeBias = weights.gradeBias();
        float[] clickBias = weights.clickBias();
        float[] other = weights.otherGradeWeights();
        float[] gradeProbs = new float[rows * k];
        float[] clickProbs = new float[rows * k];
        float[] tau = new float[rows];
        float[] score = new float[rows];
        for (int row = 0; row < rows; row++) {
            double[] head = new double[DeterministicScorerWeights.HEADS];
            for (int j = 0; j < f; j++) {
                for (int h = 0; h < head.length; h++) {
                    head[h] += (double) features[row * f + j] * heads[j * head.length + h];
                }
            }
            double cosine = 0;
            for (int j = 0; j < dim; j++) {
                cosine += (double) queryEmbedding[j] * itemEmbeddings[row * dim + j];
            }
            double relevance = DeterministicScorerWeights.COSINE_WEIGHT * cosine + head[DeterministicScorerWeights.REL]
                + DeterministicScorerWeights.RELEVANCE_BIAS;
            double[] p = new double[k];
            double maxLogit = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                p[i] = relevance * slope[i] + gradeBias[i];
                maxLogit = Math.max(maxLogit, p[i]);
            }
            double z = 0;
            for (int i = 0; i < k; i++) {
                p[i] = Math.exp(p[i] - maxLogit);
                z += p[i];
            }
            double expectedGrade = 0;
            double otherPreference = 0;
            double fused = 0;
            for (int i = 0; i < k; i++) {
                p[i] /= z;
                double c = 1 / (1 + Math.exp(-(head[DeterministicScorerWeights.SHIFT] + clickBias[i])));
                gradeProbs[row * k + i] = (float) p[i];
                clickProbs[row * k + i] = (float) c;
                expectedGrade += i * p[i];
                otherPreference += other[i] * p[i];
                fused += c * p[i];
            }
            double t = head[DeterministicScorerWeights.STRICT] * DeterministicScorerWeights.STRICT_GAIN
                * (expectedGrade - DeterministicScorerWeights.STRICT_PIVOT)
                + head[DeterministicScorerWeights.LENIENT] * (head[DeterministicScorerWeights.CHEAP] + otherPreference);
            double clamped = Math.min(Math.max(fused, DeterministicGraphs.PROBABILITY_EPSILON),
                1 - DeterministicGraphs.PROBABILITY_EPSILON);
            tau[row] = (float) t;
            score[row] = (float) (1 / (1 + Math.exp(-(Math.log(clamped / (1 - clamped)) + t))));
        }
        return new WindowScores(rows, k, gradeProbs, clickProbs, tau, score);
    }
}
