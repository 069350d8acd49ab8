package org.prectr.core.fusion;

/**
 * Small numeric helpers shared by the fusion math and the feature code, written so that they stay
 * finite for extreme inputs (large logits, probabilities of exactly 0 or 1, zero vectors).
 */
public final class StableMath {

    /** Probabilities are clamped to [EPSILON, 1 - EPSILON] before a logit, as the scorer graph does. */
    public static final double EPSILON = 1e-7;

    private StableMath() {}

    /**
     * The logistic function, evaluated without overflow for any finite or infinite input.
     *
     * @param x a logit
     * @return 1 / (1 + e^-x), in [0, 1]
     */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        // for negative x, e^x cannot overflow, while e^-x could
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * The logit of a probability clamped to [EPSILON, 1 - EPSILON], so that 0 and 1 give finite values.
     *
     * @param p a probability
     * @return log(p / (1 - p)) of the clamped p
     */
    public static double logit(double p) {
        double c = clampProbability(p);
        return Math.log(c) - Math.log1p(-c);
    }

    /**
     * @param p a probability (NaN is rejected)
     * @return p clamped to [EPSILON, 1 - EPSILON]
     * @throws IllegalArgumentException if p is NaN
     */
    public static double clampProbability(double p) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("[probability] must be a number but was [NaN]");
        }
        return Math.min(1.0 - EPSILON, Math.max(EPSILON, p));
    }

    /**
     * Softmax of the given values (max-subtracted, so large inputs do not overflow). An empty input
     * gives an empty result.
     *
     * @param values the logits
     * @return a new array of the same length whose entries sum to 1
     */
    public static double[] softmax(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.exp(values[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < values.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /**
     * Cosine similarity of two vectors stored inside larger row-major arrays. A zero vector has no
     * direction, so its similarity to anything is 0 (not NaN).
     *
     * @param a the first array
     * @param aOffset where the first vector starts in {@code a}
     * @param b the second array
     * @param bOffset where the second vector starts in {@code b}
     * @param dim the vectors' length
     * @return the cosine, in [-1, 1], or 0 when either vector is zero
     */
    public static double cosine(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < dim; i++) {
            double x = a[aOffset + i];
            double y = b[bOffset + i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(na * nb)));
    }

    /**
     * {@code log1p} of a value with negatives clamped to 0 first, the bundle's {@code log1p} transform.
     *
     * @param x any value
     * @return log(1 + max(0, x))
     */
    public static double log1pNonNegative(double x) {
        return Math.log1p(Math.max(0.0, x));
    }
}
