package org.prectr.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.loss.GradeCrossEntropy;
import org.prectr.trainer.loss.PairwiseMarginLoss;
import org.prectr.trainer.model.PrectrScorer;
import org.prectr.trainer.model.ScorerOutputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Embedding-noise hard negatives of the clicked rows (stage 2): {@code e_neg = e_pos + N(0, (sigma std_d)^2)}
 * with a fake grade 0; they add a grade CE against grade 0 and a pairwise margin to their positive.
 */
final class HardNegatives {
    private final TrainerConfig config;
    private final Random noise;
    /** Per embedding dimension, the standard deviation of the training items' embeddings. */
    private final float[] itemStd;

    /**
     * @param config the options (sigma, margins, weights)
     * @param noise the noise source (seeded by the run)
     * @param train the training rows, whose item embeddings set the noise's scale
     */
    HardNegatives(TrainerConfig config, Random noise, ExampleTable train) {
        this.config = config;
        this.noise = noise;
        int d = train.dim();
        int items = train.itemTexts().size();
        itemStd = new float[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < items; i++) {
                double x = train.itemEmbeddings()[i * d + j];
                sum += x;
                sq += x * x;
            }
            double mean = sum / Math.max(1, items);
            itemStd[j] = (float) Math.sqrt(Math.max(0, sq / Math.max(1, items) - mean * mean));
        }
    }

    /**
     * Adds the negatives' terms ({@link Stage2Term#NEGATIVE_CE}, {@link Stage2Term#PAIRWISE}) to the loss;
     * nothing when the batch has no click.
     */
    void addTerms(LossSum loss, NDManager step, PrectrScorer scorer, ExampleTable train, int[] rows, NDArray q, NDArray t,
                  NDArray f, ScorerOutputs out) {
        List<Integer> positives = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (train.clicks()[rows[i]] == 1f) {
                positives.add(i);
            }
        }
        if (positives.isEmpty()) {
            return;
        }
        int p = positives.size();
        int d = train.dim();
        int k = config.grades();
        NDArray pick = selection(step, positives, rows.length);
        float[] eps = new float[p * d];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < d; j++) {
                eps[i * d + j] = (float) (noise.nextGaussian() * config.noiseSigma() * itemStd[j]);
            }
        }
        NDArray tNeg = pick.matMul(t).add(step.create(eps, new Shape(p, d)));
        ScorerOutputs neg = scorer.forward(pick.matMul(q), tNeg, pick.matMul(f));
        float[] fake = new float[p * k];
        for (int i = 0; i < p; i++) {
            fake[i * k] = 1f;
        }
        NDArray negCe = GradeCrossEntropy.loss(neg.gradeLogits(), step.create(fake, new Shape(p, k)));
        NDArray pair = PairwiseMarginLoss.loss(pick.matMul(out.scoreLogit()), neg.scoreLogit(), config.pairMargin(),
            config.pairDropShare());
        loss.add(Stage2Term.NEGATIVE_CE, negCe, config).add(Stage2Term.PAIRWISE, pair, config);
    }

    /** A 0/1 matrix [picked, n] that selects the picked rows. */
    private static NDArray selection(NDManager step, List<Integer> picked, int n) {
        float[] m = new float[picked.size() * n];
        for (int i = 0; i < picked.size(); i++) {
            m[i * n + picked.get(i)] = 1f;
        }
        return step.create(m, new Shape(picked.size(), n));
    }
}
