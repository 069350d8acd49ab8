package org.prectr.core.features;

import java.util.List;
import org.prectr.core.fusion.StableMath;

/**
 * PRECTR's personal relevance preference r_u(q), a soft histogram: over the user's clicked history
 * entries that have a grade distribution g_j (the explicit grade as a one-hot, which overrides, else
 * the grades the model inferred for (q_j, d_j), {@link HistoryEntry#inferredGrades()}), weights
 * w_j = softmax_j(cos(E(q), E(q_j)) / temperature) and r_u(q)[i] = sum_j w_j g_j[i]. Without such
 * entries r_u(q) is all zeros. Only the last {@code maxHistory} entries are used. A pure function of
 * its inputs (embeddings and inferred grades are passed in), so the trainer and the serving path
 * compute the same numbers.
 */
public final class UserPreferenceHistogram {

    private final int grades;
    private final int maxHistory;
    private final double temperature;

    /**
     * @param grades k, at least 2
     * @param maxHistory how many of the latest entries are used, at least 1
     * @param temperature softmax temperature, > 0
     */
    public UserPreferenceHistogram(int grades, int maxHistory, double temperature) {
        if (grades < 2) {
            throw new IllegalArgumentException("[grades] must be at least [2] but was [" + grades + "]");
        }
        if (maxHistory < 1) {
            throw new IllegalArgumentException("[user_preference.max_history] must be at least [1] but was [" + maxHistory + "]");
        }
        if ((temperature > 0 && Double.isFinite(temperature)) == false) {
            throw new IllegalArgumentException("[user_preference.temperature] must be > 0 but was [" + temperature + "]");
        }
        this.grades = grades;
        this.maxHistory = maxHistory;
        this.temperature = temperature;
    }

    /** @return k */
    public int grades() {
        return grades;
    }

    /** @return how many of the latest history entries are used */
    public int maxHistory() {
        return maxHistory;
    }

    /**
     * @param history a chronological history
     * @return its last {@code maxHistory} entries (a view)
     */
    public List<HistoryEntry> usedEntries(List<HistoryEntry> history) {
        return history.subList(Math.max(0, history.size() - maxHistory), history.size());
    }

    /**
     * @param queryEmbedding E(q), length D
     * @param used the used entries ({@link #usedEntries})
     * @param historyEmbeddings E(q_j) of the used entries, row-major used.size() x D
     * @return r_u(q), k values summing to 1, or all zeros without clicked entries that have a grade
     * @throws IllegalArgumentException if an entry's grade is outside [0, k), its inferred grades are not
     *     k finite values >= 0 with a positive sum, or the sizes disagree
     */
    public float[] compute(float[] queryEmbedding, List<HistoryEntry> used, float[] historyEmbeddings) {
        int dim = queryEmbedding.length;
        if (historyEmbeddings.length != (long) used.size() * dim) {
            throw new IllegalArgumentException("[history_embeddings] must hold [" + used.size() + " x " + dim
                + "] values but had [" + historyEmbeddings.length + "]");
        }
        float[] histogram = new float[grades];
        int n = 0;
        double max = Double.NEGATIVE_INFINITY;
        double[] logits = new double[used.size()];
        for (int j = 0; j < used.size(); j++) {
            HistoryEntry entry = used.get(j);
            check(j, entry);
            if (entry.clicked() && entry.hasGrade()) {
                logits[j] = StableMath.cosine(queryEmbedding, 0, historyEmbeddings, j * dim, dim) / temperature;
                max = Math.max(max, logits[j]);
                n++;
            }
        }
        if (n == 0) {
            return histogram;
        }
        double[] weights = new double[grades];
        double sum = 0;
        for (int j = 0; j < used.size(); j++) {
            HistoryEntry entry = used.get(j);
            if (entry.clicked() && entry.hasGrade()) {
                double w = Math.exp(logits[j] - max);
                if (entry.grade() != null) {
                    weights[entry.grade()] += w;
                } else {
                    float[] p = entry.inferredGrades();
                    double total = 0;
                    for (float v : p) {
                        total += v;
                    }
                    for (int i = 0; i < grades; i++) {
                        weights[i] += w * p[i] / total;
                    }
                }
                sum += w;
            }
        }
        for (int i = 0; i < grades; i++) {
            histogram[i] = (float) (weights[i] / sum);
        }
        return histogram;
    }

    private void check(int j, HistoryEntry entry) {
        if (entry.grade() != null && (entry.grade() < 0 || entry.grade() >= grades)) {
            throw new IllegalArgumentException("[history[" + j + "].grade] must be in [0, " + grades
                + ") but was [" + entry.grade() + "]");
        }
        float[] p = entry.inferredGrades();
        if (p == null || entry.grade() != null) {
            return;
        }
        double total = 0;
        boolean valid = p.length == grades;
        for (int i = 0; valid && i < p.length; i++) {
            valid = Float.isFinite(p[i]) && p[i] >= 0;
            total += p[i];
        }
        if (valid == false || (total > 0) == false) {
            throw new IllegalArgumentException("[history[" + j + "].inferred_grades] must be [" + grades
                + "] finite values >= 0 with a positive sum but was " + java.util.Arrays.toString(p));
        }
    }
}
