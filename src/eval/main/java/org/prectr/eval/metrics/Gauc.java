package org.prectr.eval.metrics;

import org.prectr.core.metrics.Auc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group AUC (as in the PRECTR papers): the AUC within each user's impressions, averaged with weights
 * equal to the user's number of impressions. Users whose impressions are all clicks or all non-clicks
 * have no AUC and are skipped (their impressions do not count in the weights either).
 */
public final class Gauc {
    private final Map<String, List<double[]>> byGroup = new LinkedHashMap<>();

    /** Adds one impression of a group (user): its score and whether it was clicked. */
    public void add(String group, double score, boolean clicked) {
        byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(new double[] {score, clicked ? 1 : 0});
    }

    /** The impression-weighted mean of per-group AUCs, or NaN when no group has both classes. */
    public double value() {
        double weighted = 0;
        long weight = 0;
        for (List<double[]> rows : byGroup.values()) {
            double[] scores = new double[rows.size()];
            boolean[] labels = new boolean[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                scores[i] = rows.get(i)[0];
                labels[i] = rows.get(i)[1] > 0;
            }
            double auc = Auc.of(scores, labels);
            if (Double.isNaN(auc)) continue;
            weighted += auc * rows.size();
            weight += rows.size();
        }
        return weight == 0 ? Double.NaN : weighted / weight;
    }

    /** Number of groups that have both classes (the ones that count). */
    public int groupsCounted() {
        int n = 0;
        for (List<double[]> rows : byGroup.values()) {
            boolean pos = false, neg = false;
            for (double[] r : rows) {
                if (r[1] > 0) pos = true; else neg = true;
            }
            if (pos && neg) n++;
        }
        return n;
    }
}
