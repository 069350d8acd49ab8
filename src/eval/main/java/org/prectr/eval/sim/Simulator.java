package org.prectr.eval.sim;

import org.prectr.core.data.Judgments;
import org.prectr.eval.data.Product;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.trainer.search.SearchHit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulates search sessions of a user population over the real queries of one judgments file.
 *
 * <p>For each user, the number of sessions is {@link SimUser#pastSessions()} in the training period
 * and {@link SimulationConfig#testSessions()} in the test period; each session's query is drawn with
 * probability proportional to {@code affinity(category(query)) + 0.02} (users issue queries of the
 * categories they like, plus a little exploration), the user sees the first {@code pageSize} of the
 * query's candidate window ({@link CandidateProtocol}: its judged products in BM25 order, or its BM25
 * top-{@code window} of the catalogue; exposure bias: nothing else is ever shown), and clicks by the
 * configured click model over {@link UtilityModel#attractiveness}. Session times are uniform over the
 * period; the training period ends before the test period starts.
 */
public final class Simulator {
    /** Start of the simulated training period. */
    public static final Instant TRAIN_START = Instant.parse("2026-01-01T00:00:00Z");
    /** Start of the simulated test period (after every training session). */
    public static final Instant TEST_START = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration TRAIN_PERIOD = Duration.ofDays(59);
    private static final Duration TEST_PERIOD = Duration.ofDays(7);
    private static final double QUERY_EXPLORATION = 0.02;

    private final SimulationConfig config;
    private final ProductCatalog catalog;
    private final Bm25Index index;
    private final UtilityModel utility;
    private final Map<String, List<SearchHit>> windows = new HashMap<>();

    public Simulator(SimulationConfig config, ProductCatalog catalog, Bm25Index index) {
        this.config = config;
        this.catalog = catalog;
        this.index = index;
        this.utility = new UtilityModel(config);
    }

    public UtilityModel utilityModel() {
        return utility;
    }

    /** The candidate window of a query under the configured protocol (cached: the same for every user). */
    public List<SearchHit> window(String query, Judgments judgments) {
        return windows.computeIfAbsent(query, q -> config.protocol().window(index, q, judgments, config.window()));
    }

    /** Training-period sessions over these judgments' queries, in time order. */
    public List<SimSession> simulateTrain(List<SimUser> users, Judgments judgments) {
        return simulate("train", users, judgments, TRAIN_START, TRAIN_PERIOD, true);
    }

    /** Test-period sessions over these judgments' queries, in time order. */
    public List<SimSession> simulateTest(List<SimUser> users, Judgments judgments) {
        return simulate("test", users, judgments, TEST_START, TEST_PERIOD, false);
    }

    private List<SimSession> simulate(String phase, List<SimUser> users, Judgments judgments, Instant start,
                                      Duration period, boolean past) {
        List<String> queries = judgments.queries();
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("[judgments] must hold at least one query but [" + judgments.name() + "] has none");
        }
        Map<String, String> categories = QueryCategories.of(judgments, catalog);
        List<SimSession> sessions = new ArrayList<>();
        for (SimUser user : users) {
            SplittableRandom rng = Seeds.stream(config.seed(), "sessions-" + phase, user.index());
            int count = past ? user.pastSessions() : config.testSessions();
            if (count == 0) continue;
            double[] cumulative = new double[queries.size()];
            double total = 0;
            for (int q = 0; q < queries.size(); q++) {
                total += user.affinity(categories.get(queries.get(q))) + QUERY_EXPLORATION;
                cumulative[q] = total;
            }
            for (int s = 0; s < count; s++) {
                double r = rng.nextDouble() * total;
                int q = 0;
                while (q < cumulative.length - 1 && cumulative[q] <= r) q++;
                Instant at = start.plusMillis((long) (rng.nextDouble() * period.toMillis()));
                sessions.add(session(phase, user, queries.get(q), judgments, at, rng));
            }
        }
        sessions.sort(Comparator.comparing(SimSession::timestamp).thenComparing(x -> x.user().index()));
        // ids follow the time order so that the log reads like a real one
        List<SimSession> numbered = new ArrayList<>(sessions.size());
        for (int i = 0; i < sessions.size(); i++) {
            SimSession x = sessions.get(i);
            numbered.add(new SimSession(Seeds.uuid(config.seed(), phase + "-query", i).toString(),
                    Seeds.uuid(config.seed(), phase + "-session", i).toString(), phase, x.user(), x.query(),
                    x.timestamp(), x.window(), x.grades(), x.utility(), x.clicks()));
        }
        return numbered;
    }

    private SimSession session(String phase, SimUser user, String query, Judgments judgments, Instant at,
                               SplittableRandom rng) {
        List<SearchHit> window = window(query, judgments);
        int[] grades = new int[window.size()];
        double[] util = new double[window.size()];
        for (int i = 0; i < window.size(); i++) {
            Product p = catalog.get(window.get(i).productId());
            grades[i] = judgments.grade(query, p.id());
            util[i] = utility.utility(user, p, grades[i]);
        }
        int shown = Math.min(config.pageSize(), window.size());
        double[] attract = new double[shown];
        for (int i = 0; i < shown; i++) attract[i] = utility.attractiveness(user, util[i]);
        boolean[] clicks = config.clickModel().clicks(attract, config, rng);
        return new SimSession("", "", phase, user, query, at, window, grades, util, clicks);
    }
}
