package org.prectr.eval.cli;

import org.prectr.eval.sim.CandidateProtocol;
import org.prectr.eval.sim.ClickModel;
import org.prectr.eval.sim.SimulationConfig;
import picocli.CommandLine.Option;

/** The simulator's flags, shared by {@code simulate} and {@code run}; defaults are {@link SimulationConfig#defaults}. */
public final class SimulationOptions {
    @Option(names = "--seed", description = "seed of users, queries and clicks (default ${DEFAULT-VALUE})")
    long seed = 42;
    @Option(names = "--click-model", description = "pbm or cascade (default ${DEFAULT-VALUE})")
    String clickModel = "pbm";
    @Option(names = "--users", description = "simulated users (default ${DEFAULT-VALUE})")
    int users = 2000;
    @Option(names = "--segments", description = "user segments (default ${DEFAULT-VALUE})")
    int segments = 12;
    @Option(names = "--cold-share", description = "share of cold-start users, 0-2 past sessions (default ${DEFAULT-VALUE})")
    double coldShare = 0.3;
    @Option(names = "--mean-active-sessions", description = "mean past sessions of an active user (default ${DEFAULT-VALUE})")
    double meanActiveSessions = 10;
    @Option(names = "--max-sessions", description = "cap on past sessions (default ${DEFAULT-VALUE})")
    int maxSessions = 60;
    @Option(names = "--test-sessions", description = "test-period sessions per user (default ${DEFAULT-VALUE})")
    int testSessions = 2;
    @Option(names = "--page-size", description = "impressions per session (default ${DEFAULT-VALUE})")
    int pageSize = 10;
    @Option(names = "--protocol", description = "graded: a query's candidates are its judged products in BM25 order (the ESCI "
            + "ranking task; every candidate graded); engine: its BM25 top --window of the whole catalogue (default ${DEFAULT-VALUE})")
    String protocol = "graded";
    @Option(names = "--window", description = "engine protocol: BM25 candidates per query = rescore window (default ${DEFAULT-VALUE})")
    int window = 100;
    @Option(names = "--position-bias", description = "PBM exponent eta (default ${DEFAULT-VALUE})")
    double positionBias = 1.0;
    @Option(names = "--patience", description = "cascade: P(continue after a skip) (default ${DEFAULT-VALUE})")
    double patience = 0.9;
    @Option(names = "--stop-after-click", description = "cascade: P(stop after a click) (default ${DEFAULT-VALUE})")
    double stopAfterClick = 0.7;
    @Option(names = "--misclick-rate", description = "misclick rate of non-strict users (default ${DEFAULT-VALUE})")
    double misclickRate = 0.01;
    @Option(names = "--taste-noise", description = "std of per-(user, product) taste noise (default ${DEFAULT-VALUE})")
    double tasteNoise = 0.1;
    @Option(names = "--brand-boost", description = "utility bonus of a liked brand (default ${DEFAULT-VALUE})")
    double brandBoost = 0.3;

    public SimulationConfig toConfig() {
        return new SimulationConfig(seed, ClickModel.fromString(clickModel), users, segments, coldShare,
                meanActiveSessions, maxSessions, testSessions, pageSize, window, positionBias, patience,
                stopAfterClick, misclickRate, tasteNoise, brandBoost, CandidateProtocol.fromString(protocol));
    }
}
