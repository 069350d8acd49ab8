package org.prectr.opensearch.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's rescore counters, read by {@code _plugins/_prectr/stats}: rescore requests (one per shard
 * window), rescored hits, errors by kind, a latency histogram and the item encodings done at query time
 * because a stored embedding was missing or stale. Lock-free ({@link LongAdder}): searches only add.
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
     * @param noEmbeddingField items encoded at query time because the index has no {@code index.prectr.embedding_field}
     * @param missingOrStale items encoded at query time although the index has one: the document has no
     *     embedding, or one of another bundle version, or a malformed one
     */
    public void encodedAtQueryTime(int noEmbeddingField, int missingOrStale) {
        encodedNoField.add(noEmbeddingField);
        encodedMissingOrStale.add(missingOrStale);
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
            malformedEmbeddings.sum(), unscoredHits.sum(),
            preparation.snapshot());
    }
}
