package org.prectr.core.inference;

/**
 * How ONNX Runtime sessions run. The defaults (one intra-op and one inter-op thread) suit a search
 * node, where many searches run in parallel on the search thread pool and each ONNX call should not
 * spread over more cores.
 *
 * @param intraOpThreads threads used inside one operator, in [1, 256]
 * @param interOpThreads threads used across operators, in [1, 256]
 */
public record InferenceOptions(int intraOpThreads, int interOpThreads) {

    /** One intra-op thread, one inter-op thread. */
    public static final InferenceOptions DEFAULT = new InferenceOptions(1, 1);

    /** Checks the ranges. */
    public InferenceOptions {
        check("intra_op_threads", intraOpThreads);
        check("inter_op_threads", interOpThreads);
    }

    private static void check(String field, int value) {
        if (value < 1 || value > 256) {
            throw new IllegalArgumentException("[" + field + "] must be in [1, 256] but was [" + value + "]");
        }
    }
}
