package org.prectr.eval.metrics;

import org.prectr.core.data.EsciGrade;
import org.prectr.core.metrics.Auc;
import org.prectr.core.metrics.Ndcg;
import org.prectr.core.metrics.Ranking;
import org.prectr.eval.rank.RankerOutput;
import org.prectr.eval.sim.SimSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates one model's metrics over test sessions, overall and per user-activity bucket.
 *
 * <p>Per session (a user's query and its BM25 window re-ranked by the model): NDCG@10 with ESCI gains
 * and with 2^g - 1 gains (ungraded candidates gain 0; the ideal is the best order of the same window;
 * sessions whose window holds no graded-relevant product are skipped), NDCG@10 (ESCI gains) of the
 * model's order of the window's graded candidates only (ungraded ones removed from the list, the usual
 * offline ESCI protocol, comparable with docs that rank judged products only), irrelevant@10 (share of the
 * top 10 judged Irrelevant), unjudged@10 (share never graded for the query), personalised NDCG@10
 * (gains = the user's simulated utility), and, when the model has a relevance head, NDCG@10 (ESCI) of
 * the order by that head alone. Means are over sessions, so queries count as often as users issue them.
 * Over the test log's impressions (the shown BM25 top page and its simulated clicks): AUC of the score
 * against clicks, GAUC grouped by user, and the calibration of the click probability when given.
 */
public final class ModelMetrics {
    private static final int K = 10;
    private static final String ALL = "all";

    private final Map<String, Map<String, double[]>> sums = new HashMap<>(); // bucket -> metric -> {sum, n}
    private final Map<String, List<double[]>> impressions = new HashMap<>(); // bucket -> {score, clicked}
    private final Map<String, Gauc> gauc = new HashMap<>();
    private final Calibration calibration = new Calibration(10);
    private boolean hasCalibration;

    public void add(SimSession session, RankerOutput output) {
        int n = session.window().size();
        if (output.score().length != n) {
            throw new IllegalArgumentException("[score] must have one value per window candidate [" + n + "] but had ["
                    + output.score().length + "]");
        }
        int[] grades = session.grades();
        double[] esci = new double[n], exp = new double[n];
        boolean[] irrelevant = new boolean[n], unjudged = new boolean[n];
        for (int i = 0; i < n; i++) {
            int g = grades[i];
            esci[i] = g < 0 ? 0 : EsciGrade.gain(g);
            exp[i] = g < 0 ? 0 : EsciGrade.exponentialGain(g);
            irrelevant[i] = g == EsciGrade.IRRELEVANT.grade();
            unjudged[i] = g < 0;
        }
        int[] order = Ranking.order(output.score());
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(MetricNames.NDCG10_ESCI, Ndcg.at(K, esci, order));
        values.put(MetricNames.NDCG10_EXP, Ndcg.at(K, exp, order));
        values.put(MetricNames.NDCG10_ESCI_JUDGED, Ndcg.at(K, esci, judgedOnly(order, grades)));
        values.put(MetricNames.IRRELEVANT10, Ranking.shareAt(K, irrelevant, order));
        values.put(MetricNames.UNJUDGED10, Ranking.shareAt(K, unjudged, order));
        values.put(MetricNames.NDCG10_PERSONAL, Ndcg.at(K, session.utility(), order));
        if (output.relevance() != null) {
            values.put(MetricNames.RELEVANCE_NDCG10_ESCI, Ndcg.at(K, esci, Ranking.order(output.relevance())));
        }
        values.put(MetricNames.SESSIONS, 1.0);
        String bucket = session.user().activityBucket();
        for (String b : List.of(ALL, bucket)) {
            Map<String, double[]> m = sums.computeIfAbsent(b, x -> new LinkedHashMap<>());
            values.forEach((k, v) -> {
                if (Double.isNaN(v)) return;
                double[] acc = m.computeIfAbsent(k, x -> new double[2]);
                acc[0] += k.equals(MetricNames.SESSIONS) ? 1 : v;
                acc[1]++;
            });
            for (int p = 0; p < session.shown(); p++) {
                boolean clicked = session.clicks()[p];
                impressions.computeIfAbsent(b, x -> new ArrayList<>()).add(new double[] {output.score()[p], clicked ? 1 : 0});
                gauc.computeIfAbsent(b, x -> new Gauc()).add(session.user().id(), output.score()[p], clicked);
            }
        }
        if (output.clickProbability() != null) {
            hasCalibration = true;
            for (int p = 0; p < session.shown(); p++) calibration.add(output.clickProbability()[p], session.clicks()[p]);
        }
    }

    private static int[] judgedOnly(int[] order, int[] grades) {
        return java.util.Arrays.stream(order).filter(i -> grades[i] >= 0).toArray();
    }

    /** Metrics over all sessions. */
    public Map<String, Double> overall() {
        return bucket(ALL);
    }

    /** Metrics of one activity bucket ({@code cold_start} or {@code active}); empty if it had no session. */
    public Map<String, Double> bucket(String bucket) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, double[]> m = sums.getOrDefault(bucket, Map.of());
        for (String name : MetricNames.ALL) {
            if (name.equals(MetricNames.AUC)) {
                List<double[]> rows = impressions.getOrDefault(bucket, List.of());
                double[] s = new double[rows.size()];
                boolean[] l = new boolean[rows.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = rows.get(i)[0];
                    l[i] = rows.get(i)[1] > 0;
                }
                if (!rows.isEmpty()) out.put(name, Auc.of(s, l));
            } else if (name.equals(MetricNames.GAUC)) {
                Gauc g = gauc.get(bucket);
                if (g != null) out.put(name, g.value());
            } else if (m.containsKey(name)) {
                double[] acc = m.get(name);
                out.put(name, name.equals(MetricNames.SESSIONS) ? acc[0] : acc[0] / acc[1]);
            }
        }
        return out;
    }

    /** The calibration of the click probability, or null when the model gives none. */
    public Calibration calibration() {
        return hasCalibration ? calibration : null;
    }
}
