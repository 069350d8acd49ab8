package org.prectr.opensearch.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's rescore counters, read by {@code _plugins/_prectr/stats}: rescore requests (one per shard
 * window), rescored hits, errors by kind, a latency histogram and where the item embeddings came from:
 * stored in the index, the node's item encoding cache, or encoded at query time (and why). Lock-free ({@link LongAdder}): searches only add.
 */
public final class PrectrStats {

    /** Upper bounds (inclusive, milliseconds) of the latency buckets; a last bucket holds the rest. */
    public static final long[] LATENCY_BOUNDS_MILLIS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000};

    /** Error kinds. */
    public enum ErrorKind {
        /** the request does not fit the index or the bundle (400) */
        BAD_REQUEST,
        /** the model itself failed at run time (core {@code InferenceException}: ONNX Runtime error, a non-finite query embedding): 500 */
        MODEL,
        /** the search was cancelled or timed out during the rescore */
        CANCELLED,
        /** the {@code prectr} circuit breaker refused the request (429) */
        CIRCUIT_BREAKER,
        /** anything else */
        OTHER;

        /** @return the name in the stats JSON */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final LongAdder requests = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder encodedNoField = new LongAdder();
    private final LongAdder encodedMissingOrStale = new LongAdder();
    private final LongAdder malformedEmbeddings = new LongAdder();
    private final LongAdder unscoredHits = new LongAdder();
    private final LongAdder storedEmbeddings = new LongAdder();
    private final LongAdder cachedEncodings = new LongAdder();
    private volatile java.util.function.LongSupplier cacheEntries = () -> 0;
    private volatile java.util.function.LongSupplier cacheBytes = () -> 0;
    private final Map<ErrorKind, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder[] latency = new LongAdder[LATENCY_BOUNDS_MILLIS.length + 1];
    private final PreparationStats preparation = new PreparationStats();

    /** Zero counters. */
    public PrectrStats() {
        for (int i = 0; i < latency.length; i++) {
            latency[i] = new LongAdder();
        }
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, new LongAdder());
        }
    }

    /**
     * @param rescoredHits hits in the window
     * @param nanos how long the rescore took
     */
    public void rescored(int rescoredHits, long nanos) {
        requests.increment();
        hits.add(rescoredHits);
        long millis = nanos / 1_000_000L;
        int bucket = 0;
        while (bucket < LATENCY_BOUNDS_MILLIS.length && millis > LATENCY_BOUNDS_MILLIS[bucket]) {
            bucket++;
        }
        latency[bucket].increment();
    }

    /**
     * @param kind what failed
     */
    public void failed(ErrorKind kind) {
        requests.increment();
        errors.get(kind).increment();
    }

    /**
     * @param sources where one window's item embeddings came from
     */
    public void itemSources(ItemSources sources) {
        storedEmbeddings.add(sources.stored());
        cachedEncodings.add(sources.cached());
        encodedNoField.add(sources.encodedNoField());
        encodedMissingOrStale.add(sources.encodedMissingOrStale());
    }

    /**
     * @param entries the item encoding cache's entry count
     * @param bytes its bytes held
     */
    public void itemEncodingCache(java.util.function.LongSupplier entries, java.util.function.LongSupplier bytes) {
        this.cacheEntries = entries;
        this.cacheBytes = bytes;
    }

    /** @return the counters of the per-request work (coordinator path, UBI history, inferred grades) */
    public PreparationStats preparation() {
        return preparation;
    }

    /** One stored embedding of the served version was malformed (length, NaN, infinity, out of range): encoded at query time instead. */
    public void malformedEmbedding() {
        malformedEmbeddings.increment();
    }

    /**
     * @param hits hits of a window whose model outputs were not finite: they kept their first-phase order below the scored hits
     */
    public void unscored(int hits) {
        unscoredHits.add(hits);
    }

    /** @return the counters now */
    public StatsSnapshot snapshot() {
        Map<String, Long> byKind = new TreeMap<>();
        errors.forEach((kind, count) -> byKind.put(kind.jsonName(), count.sum()));
        long[] histogram = new long[latency.length];
        for (int i = 0; i < latency.length; i++) {
            histogram[i] = latency[i].sum();
        }
        return new StatsSnapshot(requests.sum(), hits.sum(), byKind, histogram, encodedNoField.sum(), encodedMissingOrStale.sum(),
            malformedEmbeddings.sum(), unscoredHits.sum(), storedEmbeddings.sum(), cachedEncodings.sum(), cacheEntries.getAsLong(),
            cacheBytes.getAsLong(), preparation.snapshot());
    }
}
