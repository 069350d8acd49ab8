package org.prectr.core.features;

import java.util.List;
import org.prectr.core.fusion.StableMath;

/**
 * PRECTR's personal relevance preference r_u(q): over the user's clicked history entries that have a
 * grade, weights w_j = softmax_j(cos(E(q), E(q_j)) / temperature), and r_u(q)[i] is the total weight of
 * the entries of grade i. Without such entries r_u(q) is all zeros. Only the last {@code maxHistory}
 * entries are used. A pure function of its inputs (embeddings are passed in), so the trainer and the
 * serving path compute the same numbers.
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
     * @return r_u(q), k values summing to 1, or all zeros without clicked graded entries
     * @throws IllegalArgumentException if an entry's grade is outside [0, k) or the sizes disagree
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
            if (entry.grade() != null && (entry.grade() < 0 || entry.grade() >= grades)) {
                throw new IllegalArgumentException("[history[" + j + "].grade] must be in [0, " + grades
                    + ") but was [" + entry.grade() + "]");
            }
            if (entry.clicked() && entry.grade() != null) {
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
            if (entry.clicked() && entry.grade() != null) {
                double w = Math.exp(logits[j] - max);
                weights[entry.grade()] += w;
                sum += w;
            }
        }
        for (int i = 0; i < grades; i++) {
            histogram[i] = (float) (weights[i] / sum);
        }
        return histogram;
    }
}
