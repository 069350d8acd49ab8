package org.prectr.eval.sim;

/**
 * Every knob of the simulator. The defaults are the documented ones (docs/evaluation.md); each is a
 * CLI flag. A bad value is refused with a message naming the field and bracketing the value.
 *
 * @param seed                seed of everything random (users, queries, clicks, noise)
 * @param clickModel          PBM or cascade
 * @param users               number of simulated users
 * @param segments            number of user segments (users of a segment share category taste and tolerance mix)
 * @param coldShare           share of cold-start users (0 to 2 past sessions)
 * @param meanActiveSessions  mean number of past (training-period) sessions of an active user
 * @param maxSessions         cap on past sessions per user
 * @param testSessions        sessions per user in the test period
 * @param pageSize            impressions shown per session (the BM25 top of the window)
 * @param window              engine protocol: candidates per query (BM25 top-k; the rescore window; utilities
 *                            kept for all); the graded protocol's window is every judged product of the query
 * @param positionBias        PBM examination exponent eta: P(examine position p) = 1 / (p + 1)^eta
 * @param patience            cascade: probability of going on after a skipped item
 * @param stopAfterClick      cascade: probability of stopping after a click
 * @param misclickRate        chance that a non-strict user clicks an examined item they do not value
 * @param tasteNoise          std of the per-(user, product) taste noise in the utility
 * @param brandBoost          utility bonus of a liked brand
 * @param protocol            which products a query's window holds: its judged products (graded) or its
 *                            BM25 top {@code window} of the catalogue (engine)
 */
public record SimulationConfig(long seed, ClickModel clickModel, int users, int segments, double coldShare,
                               double meanActiveSessions, int maxSessions, int testSessions, int pageSize,
                               int window, double positionBias, double patience, double stopAfterClick,
                               double misclickRate, double tasteNoise, double brandBoost,
                               CandidateProtocol protocol) {

    public SimulationConfig {
        if (clickModel == null) throw new IllegalArgumentException("[click_model] must be set");
        if (protocol == null) throw new IllegalArgumentException("[protocol] must be set");
        range("users", users, 1, 10_000_000);
        range("segments", segments, 1, 10_000);
        unit("cold_share", coldShare);
        if (!(meanActiveSessions >= 3 && meanActiveSessions <= maxSessions)) {
            throw new IllegalArgumentException("[mean_active_sessions] must be in [3, max_sessions = " + maxSessions
                    + "] but was [" + meanActiveSessions + "]");
        }
        range("max_sessions", maxSessions, 3, 100_000);
        range("test_sessions", testSessions, 0, 1000);
        range("window", window, 1, 10_000);
        range("page_size", pageSize, 1, window);
        if (!(positionBias >= 0 && positionBias <= 10)) {
            throw new IllegalArgumentException("[position_bias] must be in [0, 10] but was [" + positionBias + "]");
        }
        unit("patience", patience);
        unit("stop_after_click", stopAfterClick);
        unit("misclick_rate", misclickRate);
        if (!(tasteNoise >= 0 && tasteNoise <= 1)) {
            throw new IllegalArgumentException("[taste_noise] must be in [0, 1] but was [" + tasteNoise + "]");
        }
        unit("brand_boost", brandBoost);
    }

    /** The documented defaults with a given seed and click model (graded protocol). */
    public static SimulationConfig defaults(long seed, ClickModel clickModel) {
        return new SimulationConfig(seed, clickModel, 2000, 12, 0.3, 10, 60, 2, 10, 100, 1.0, 0.9, 0.7,
                0.01, 0.1, 0.3, CandidateProtocol.GRADED);
    }

    public SimulationConfig withUsers(int n) {
        return new SimulationConfig(seed, clickModel, n, segments, coldShare, meanActiveSessions, maxSessions,
                testSessions, pageSize, window, positionBias, patience, stopAfterClick, misclickRate, tasteNoise, brandBoost,
                protocol);
    }

    public SimulationConfig withSeed(long s) {
        return new SimulationConfig(s, clickModel, users, segments, coldShare, meanActiveSessions, maxSessions,
                testSessions, pageSize, window, positionBias, patience, stopAfterClick, misclickRate, tasteNoise, brandBoost,
                protocol);
    }

    public SimulationConfig withProtocol(CandidateProtocol p) {
        return new SimulationConfig(seed, clickModel, users, segments, coldShare, meanActiveSessions, maxSessions,
                testSessions, pageSize, window, positionBias, patience, stopAfterClick, misclickRate, tasteNoise, brandBoost, p);
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("[" + field + "] must be in [" + min + ", " + max + "] but was [" + value + "]");
        }
    }

    private static void unit(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("[" + field + "] must be in [0, 1] but was [" + value + "]");
        }
    }
}
