package org.prectr.eval.rank;

/**
 * A model under evaluation: scores the candidate window of one test session. Implementations are
 * built (and, for learned models, trained on the training period only) before the first call, and
 * closed after the last (they may hold ONNX Runtime sessions).
 */
public interface Ranker extends AutoCloseable {
    /** The model's name in results.json. */
    String name();

    /** Whether the ranker reads the user's history (only those take part in the shuffled-users check). */
    default boolean personalised() {
        return false;
    }

    RankerOutput score(RankRequest request);

    @Override
    default void close() throws Exception {}
}
