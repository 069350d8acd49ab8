package org.prectr.eval.run;

import org.prectr.core.data.EsciGrade;
import org.prectr.core.metrics.Auc;
import org.prectr.core.metrics.Ndcg;
import org.prectr.core.metrics.Ranking;
import org.prectr.eval.rank.RankRequest;
import org.prectr.eval.rank.Ranker;
import org.prectr.eval.rank.RankerOutput;
import org.prectr.eval.rank.UserHistories;
import org.prectr.eval.sim.SimSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The practice PRECTR replaces: a separate relevance model and click model fused by a hand-tuned
 * weighted rule, {@code score = w * E[gain] + (1 - w) * click score}, E[gain] the relevance model's expected ESCI gain in [0, 1]. The weight w is picked from
 * {0, 0.1, ..., 1} on the last 20% (by time, at most {@value #MAX_TUNING} sessions) of the TRAINING
 * period, scored anonymously, maximising NDCG@10 (ESCI gains, training judgments) plus click AUC:
 * the two numbers a search team would look at. Test queries are never used.
 */
public final class FusedRuleRanker implements Ranker {
    private static final int MAX_TUNING = 1000;

    private final String name;
    private final Ranker relevance;
    private final Ranker click;
    private final double weight;

    private FusedRuleRanker(String name, Ranker relevance, Ranker click, double weight) {
        this.name = name;
        this.relevance = relevance;
        this.click = click;
        this.weight = weight;
    }

    /** Tunes the weight on the training period, then returns the fused ranker. */
    public static FusedRuleRanker tuned(String name, Ranker relevance, Ranker click, EvalContext context) {
        List<SimSession> train = context.simulation().train();
        List<SimSession> tuning = train.subList(Math.max(0, train.size() - Math.min(MAX_TUNING, train.size() / 5)), train.size());
        List<double[]> rel = new ArrayList<>(), clk = new ArrayList<>();
        for (SimSession s : tuning) {
            RankRequest request = EvalRunner.request(s, context.catalog(), UserHistories.none());
            rel.add(relevanceOf(relevance.score(request)));
            clk.add(click.score(request).score());
        }
        double best = 0, bestObjective = Double.NEGATIVE_INFINITY;
        for (int step = 0; step <= 10; step++) {
            double w = step / 10.0;
            double ndcg = 0;
            int counted = 0;
            List<Double> scores = new ArrayList<>();
            List<Boolean> labels = new ArrayList<>();
            for (int i = 0; i < tuning.size(); i++) {
                SimSession s = tuning.get(i);
                double[] fused = fuse(w, rel.get(i), clk.get(i));
                double[] gains = new double[fused.length];
                for (int j = 0; j < gains.length; j++) gains[j] = s.grades()[j] < 0 ? 0 : EsciGrade.gain(s.grades()[j]);
                double n = Ndcg.at(10, gains, Ranking.order(fused));
                if (!Double.isNaN(n)) {
                    ndcg += n;
                    counted++;
                }
                for (int p = 0; p < s.shown(); p++) {
                    scores.add(fused[p]);
                    labels.add(s.clicks()[p]);
                }
            }
            double[] sc = scores.stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] lb = new boolean[labels.size()];
            for (int i = 0; i < lb.length; i++) lb[i] = labels.get(i);
            double auc = Auc.of(sc, lb);
            double objective = (counted == 0 ? 0 : ndcg / counted) + (Double.isNaN(auc) ? 0 : auc);
            if (objective > bestObjective) {
                bestObjective = objective;
                best = w;
            }
        }
        System.err.printf(Locale.ROOT, "[eval] %s: weight on relevance tuned to %.1f on %d training-period sessions%n",
                name, best, tuning.size());
        return new FusedRuleRanker(name, relevance, click, best);
    }

    /** The relevance model's expected gain (BundleRanker), already in [0, 1] like the click score. */
    private static double[] relevanceOf(RankerOutput out) {
        return out.relevance() != null ? out.relevance() : out.score();
    }

    private static double[] fuse(double w, double[] rel, double[] click) {
        double[] s = new double[rel.length];
        for (int i = 0; i < s.length; i++) s[i] = w * rel[i] + (1 - w) * click[i];
        return s;
    }

    public double weight() {
        return weight;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean personalised() {
        return true;
    }

    @Override
    public RankerOutput score(RankRequest request) {
        double[] rel = relevanceOf(relevance.score(request));
        RankerOutput c = click.score(request);
        return new RankerOutput(fuse(weight, rel, c.score()), rel, c.clickProbability());
    }

    @Override
    public void close() throws Exception {
        try (relevance; click) {
            // closes both bundles
        }
    }
}
