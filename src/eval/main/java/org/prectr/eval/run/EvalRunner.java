package org.prectr.eval.run;

import org.prectr.core.data.Judgments;
import org.prectr.eval.search.CatalogIndex;
import org.prectr.eval.data.Product;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.eval.metrics.MetricNames;
import org.prectr.eval.metrics.ModelMetrics;
import org.prectr.eval.rank.RankRequest;
import org.prectr.eval.rank.Ranker;
import org.prectr.eval.rank.UserHistories;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.trainer.search.SearchHit;
import org.prectr.eval.sim.PositionCtr;
import org.prectr.eval.sim.SimSession;
import org.prectr.eval.sim.SimulatedData;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs one evaluation: simulate the training and test periods with one user population, build every
 * requested model from the training period only, score every test session's BM25 window, compute the
 * metrics, run the sanity checks and write results.json, results.md and report.html.
 */
public final class EvalRunner {
    /** References always evaluated, because the sanity checks need them. */
    static final List<String> ALWAYS = List.of("bm25", "oracle", "oracle_personal");
    /** Personalised models tried, in order, for the shuffled-users check (all present ones are checked). */
    static final List<String> PERSONAL_CHECK = List.of("prectr_v2", "prectr_v1", "oracle_personal");

    private final EvalSettings settings;

    public EvalRunner(EvalSettings settings) {
        this.settings = settings;
    }

    public EvalResults run() throws Exception {
        long start = System.nanoTime();
        ProductCatalog catalog = ProductCatalog.load(settings.products());
        Judgments train = Judgments.read(settings.trainJudgments());
        Judgments test = Judgments.read(settings.testJudgments());
        overlapCheck(train, test);
        Files.createDirectories(settings.out());
        try (Bm25Index index = CatalogIndex.build(catalog.products(), settings.bm25Fields())) {
            SimulatedData sim = SimulatedData.simulate(settings.simulation(), catalog, index, train, test);
            log(sim.summary());
            var simDir = settings.out().resolve("sim");
            if (settings.writeLogs()) {
                sim.write(simDir);
                log("simulated logs written to " + simDir);
            }
            UserHistories histories = UserHistories.fromSessions(sim.train());
            EvalContext context = new EvalContext(catalog, train, test, index, sim, simDir, histories,
                    settings.extraBundles(), settings.out(), settings.products(), settings.trainJudgments());
            ModelFactory factory = new ModelFactory(context, new TrainedModels(context, settings.training()));

            Set<String> names = new LinkedHashSet<>(ALWAYS);
            names.addAll(settings.models());
            Map<String, ModelResult> results = new LinkedHashMap<>();
            Map<String, Checks.PersonalGain> gains = new LinkedHashMap<>();
            Map<String, String> failures = new LinkedHashMap<>();
            for (String name : names) {
                try (Ranker ranker = factory.create(name)) {
                    results.put(name, evaluate(ranker, context, histories));
                    log(String.format(Locale.ROOT, "%-40s %s", name, results.get(name).overall()));
                    if (ranker.personalised() && PERSONAL_CHECK.contains(name)) {
                        gains.put(name, personalGain(ranker, context, results.get(name)));
                    }
                } catch (IllegalArgumentException e) {
                    throw e; // a bad model name or bad input: the command is wrong
                } catch (Exception e) {
                    // a model that cannot be trained or loaded is reported, the others still run
                    failures.put(name, e.getClass().getSimpleName() + ": " + e.getMessage());
                    log("FAILED " + name + ": " + e);
                }
                // the reports are rewritten after every model, so a long run shows its results as they come
                ReportWriter.write(results(sim, results, failures, gains, start), settings.out());
            }
            return results(sim, results, failures, gains, start);
        }
    }

    private EvalResults results(SimulatedData sim, Map<String, ModelResult> results, Map<String, String> failures,
                                Map<String, Checks.PersonalGain> gains, long start) {
        double[] trainCtr = PositionCtr.of(sim.train());
        double[] testCtr = PositionCtr.of(sim.test());
        List<Check> checks = Checks.all(results, gains, trainCtr, testCtr);
        return new EvalResults(settings, sim, new LinkedHashMap<>(results), new LinkedHashMap<>(failures), checks,
                trainCtr, testCtr, (System.nanoTime() - start) / 1e9);
    }

    /** Scores every test session with a ranker, the given histories standing for the users' pasts. */
    static ModelResult evaluate(Ranker ranker, EvalContext context, UserHistories histories) {
        long t0 = System.nanoTime();
        ModelMetrics metrics = new ModelMetrics();
        for (SimSession s : context.simulation().test()) {
            metrics.add(s, ranker.score(request(s, context.catalog(), histories)));
        }
        Map<String, Map<String, Double>> buckets = new LinkedHashMap<>();
        for (String b : MetricNames.BUCKETS) buckets.put(b, metrics.bucket(b));
        return new ModelResult(ranker.name(), metrics.overall(), buckets, metrics.calibration(),
                (System.nanoTime() - t0) / 1e9);
    }

    static RankRequest request(SimSession s, ProductCatalog catalog, UserHistories histories) {
        List<Product> products = new ArrayList<>(s.window().size());
        float[] scores = new float[s.window().size()];
        for (int i = 0; i < scores.length; i++) {
            SearchHit h = s.window().get(i);
            products.add(catalog.get(h.productId()));
            scores[i] = h.score();
        }
        return new RankRequest(s, products, scores, histories.of(s.user().index()));
    }

    /**
     * Shuffling user ids (each user gets another user's history) must remove the personalisation gain:
     * gain = personalised NDCG@10 with the real histories minus with no history at all (anonymous).
     */
    private static Checks.PersonalGain personalGain(Ranker ranker, EvalContext context, ModelResult real) {
        int users = context.simulation().users().size();
        ModelResult shuffled = evaluate(ranker, context, context.histories().shuffled(users,
                context.simulation().config().seed() + 1));
        ModelResult none = evaluate(ranker, context, UserHistories.none());
        return new Checks.PersonalGain(real.overall().get(MetricNames.NDCG10_PERSONAL),
                shuffled.overall().get(MetricNames.NDCG10_PERSONAL), none.overall().get(MetricNames.NDCG10_PERSONAL),
                real.overall().getOrDefault(MetricNames.GAUC, Double.NaN),
                shuffled.overall().getOrDefault(MetricNames.GAUC, Double.NaN));
    }

    static String fmt(double[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) b.append(", ");
            b.append(String.format(Locale.ROOT, "%.3f", values[i]));
        }
        return b.append(']').toString();
    }

    private static void overlapCheck(Judgments train, Judgments test) {
        for (String q : test.queries()) {
            if (train.byQuery().containsKey(q)) {
                throw new IllegalArgumentException("[test-judgments] must not share queries with [train-judgments] but both have ["
                        + q + "]");
            }
        }
    }

    private static void log(String line) {
        System.err.println("[eval] " + line);
    }
}
