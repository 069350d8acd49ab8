package org.prectr.opensearch.stats;

import java.io.IOException;
import org.opensearch.ExceptionsHelper;
import org.opensearch.common.lease.Releasable;
import org.opensearch.core.common.breaker.CircuitBreakingException;
import org.opensearch.core.tasks.TaskCancelledException;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceException;
import org.prectr.opensearch.models.StoredModels;
import org.prectr.opensearch.shard.ModelBundleRegistry;

/**
 * Wraps one shard's rescore: leases the bundle (an uploaded bundle replaced meanwhile stays open until
 * the lease ends), reserves the window's buffers in the {@code prectr} breaker, and records the
 * outcome in the node's {@link PrectrStats} (latency, hits, or the kind of error).
 */
public final class RescoreGuard {

    private RescoreGuard() {}

    /** The rescore body. */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * @return the result
         * @throws IOException on an index read error
         */
        T run() throws IOException;
    }

    /**
     * Estimated bytes of a window's buffers: per row the features, the item embedding, the query
     * embedding repeated, the four outputs, and the item's token ids and mask.
     *
     * @param manifest the bundle's manifest
     * @param rows the window's rows
     * @return the estimate
     */
    public static long windowBytes(BundleManifest manifest, int rows) {
        long floats = manifest.features().size() + 2L * manifest.embeddingDim() + 2L * manifest.gradeCount() + 2;
        return rows * (4 * floats + 16L * manifest.tokenizer().itemMaxLength());
    }

    /**
     * @param registry the node's bundle registry
     * @param bundle the bundle the request resolved
     * @param model its name
     * @param rows the window's rows
     * @param body the rescore
     * @param <T> the result type
     * @return the body's result
     * @throws IOException from the body
     */
    public static <T> T run(ModelBundleRegistry registry, ModelBundle bundle, String model, int rows, Body<T> body) throws IOException {
        StoredModels node = registry.stored();
        PrectrStats stats = node == null ? null : node.stats();
        long start = System.nanoTime();
        try (Releasable lease = registry.lease(bundle);
             Releasable buffers = registry.breaker().reserve(windowBytes(bundle.manifest(), rows),
                 "prectr rescore window of [" + rows + "] hits for model [" + model + "]")) {
            T result = body.run();
            if (stats != null) {
                stats.rescored(rows, System.nanoTime() - start);
            }
            return result;
        } catch (RuntimeException | IOException e) {
            if (stats != null) {
                stats.failed(kindOf(e));
            }
            throw e;
        }
    }

    /**
     * Counts where a window's item embeddings came from (stored, cached, encoded at query time).
     *
     * @param registry the node's bundle registry
     * @param sources the window's item sources
     */
    public static void countItemSources(ModelBundleRegistry registry, ItemSources sources) {
        StoredModels node = registry.stored();
        if (node != null) {
            node.stats().itemSources(sources);
        }
    }

    /**
     * Counts one stored embedding of the served version that was malformed.
     *
     * @param registry the node's bundle registry
     */
    public static void countMalformedEmbedding(ModelBundleRegistry registry) {
        StoredModels node = registry.stored();
        if (node != null) {
            node.stats().malformedEmbedding();
        }
    }

    /**
     * Counts the hits of a window left unscored because their model outputs were not finite.
     *
     * @param registry the node's bundle registry
     * @param hits how many
     */
    public static void countUnscored(ModelBundleRegistry registry, int hits) {
        StoredModels node = registry.stored();
        if (node != null && hits > 0) {
            node.stats().unscored(hits);
        }
    }

    /** Classifies by type, never by message: a model failure carries the core's {@link InferenceException} as its cause. */
    static PrectrStats.ErrorKind kindOf(Exception e) {
        if (e instanceof CircuitBreakingException) {
            return PrectrStats.ErrorKind.CIRCUIT_BREAKER;
        }
        if (e instanceof TaskCancelledException) {
            return PrectrStats.ErrorKind.CANCELLED;
        }
        if (ExceptionsHelper.unwrap(e, InferenceException.class) != null) {
            return PrectrStats.ErrorKind.MODEL;
        }
        if (e instanceof IllegalArgumentException) {
            return PrectrStats.ErrorKind.BAD_REQUEST;
        }
        return PrectrStats.ErrorKind.OTHER;
    }
}
