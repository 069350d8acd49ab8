package org.prectr.opensearch.stats;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * The node's counters of the per-request work (docs/request.md "Personalisation"): where requests were
 * prepared (once on the coordinating node, or on every shard), query-encoder calls and the encoding
 * cache, the UBI history lookups (events read, malformed events skipped, lookups refused or failed) and
 * the inferred grades with their cache. Lock-free: searches only add.
 */
public final class PreparationStats {

    private final LongAdder coordinatorPrepares = new LongAdder();
    private final LongAdder shardPrepares = new LongAdder();
    private final LongAdder queryEncoderCalls = new LongAdder();
    private final LongAdder queryTextsEncoded = new LongAdder();
    private final LongAdder encodingCacheHits = new LongAdder();
    private final LongAdder historyLookups = new LongAdder();
    private final LongAdder historyEventsRead = new LongAdder();
    private final LongAdder historyMalformedEvents = new LongAdder();
    private final LongAdder historyLookupsDenied = new LongAdder();
    private final LongAdder historyLookupsFailed = new LongAdder();
    private final LongAdder gradesInferred = new LongAdder();
    private final LongAdder gradeCacheHits = new LongAdder();
    /** Per history source (none, request, ubi): prepared requests and their summed wall time on the coordinating node. */
    private final LongAdder[] preparedBySource = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder[] nanosBySource = {new LongAdder(), new LongAdder(), new LongAdder()};

    /** A request prepared once on the coordinating node. */
    public void preparedOnCoordinator() {
        coordinatorPrepares.increment();
    }

    /**
     * @param source the history source's index (0 none, 1 request, 2 ubi)
     * @param nanos wall time from the rewrite's async action to the prepared request (lookup, reads, model calls)
     */
    public void preparedOnCoordinator(int source, long nanos) {
        preparedBySource[source].increment();
        nanosBySource[source].add(nanos);
    }

    /** A shard prepared a request itself (per-shard path). */
    public void preparedOnShard() {
        shardPrepares.increment();
    }

    /** @param texts texts encoded in one query-encoder call */
    public void queryEncoderCall(int texts) {
        queryEncoderCalls.increment();
        queryTextsEncoded.add(texts);
    }

    /** @param hits query texts whose encoding came from the node's cache */
    public void encodingCacheHits(int hits) {
        encodingCacheHits.add(hits);
    }

    /** @param events click events kept from one UBI lookup */
    public void historyLookup(int events) {
        historyLookups.increment();
        historyEventsRead.add(events);
    }

    /** @param events UBI events skipped because a field was missing or malformed */
    public void malformedEvents(int events) {
        historyMalformedEvents.add(events);
    }

    /** A UBI lookup the caller had no permission for (the user is served as anonymous). */
    public void historyDenied() {
        historyLookupsDenied.increment();
    }

    /** A UBI lookup that failed otherwise (the user is served as anonymous). */
    public void historyFailed() {
        historyLookupsFailed.increment();
    }

    /**
     * @param inferred history grades inferred by the model
     * @param cached history grades found in the node's cache
     */
    public void grades(int inferred, int cached) {
        gradesInferred.add(inferred);
        gradeCacheHits.add(cached);
    }

    /** @return the counters now */
    public Snapshot snapshot() {
        return new Snapshot(coordinatorPrepares.sum(), shardPrepares.sum(), queryEncoderCalls.sum(), queryTextsEncoded.sum(),
            encodingCacheHits.sum(), historyLookups.sum(), historyEventsRead.sum(), historyMalformedEvents.sum(),
            historyLookupsDenied.sum(), historyLookupsFailed.sum(), gradesInferred.sum(), gradeCacheHits.sum(),
            sums(preparedBySource), sums(nanosBySource));
    }

    private static long[] sums(LongAdder[] adders) {
        long[] out = new long[adders.length];
        for (int i = 0; i < adders.length; i++) {
            out[i] = adders[i].sum();
        }
        return out;
    }

    /**
     * The counters at one moment.
     *
     * @param coordinatorPrepares requests prepared once on this (coordinating) node
     * @param shardPrepares shard requests that prepared the query themselves
     * @param queryEncoderCalls query-encoder calls (one per prepared request at most)
     * @param queryTextsEncoded texts those calls encoded (query and history queries)
     * @param encodingCacheHits texts taken from the encoding cache instead
     * @param historyLookups UBI lookups run
     * @param historyEventsRead click events they kept
     * @param historyMalformedEvents events skipped as malformed
     * @param historyLookupsDenied lookups refused for lack of permission
     * @param historyLookupsFailed lookups that failed otherwise
     * @param gradesInferred history grades inferred by the model
     * @param gradeCacheHits history grades taken from the cache
     * @param preparedBySource requests prepared on this node per history source (none, request, ubi)
     * @param nanosBySource their summed preparation wall time, per history source
     */
    public record Snapshot(long coordinatorPrepares, long shardPrepares, long queryEncoderCalls, long queryTextsEncoded,
                           long encodingCacheHits, long historyLookups, long historyEventsRead, long historyMalformedEvents,
                           long historyLookupsDenied, long historyLookupsFailed, long gradesInferred, long gradeCacheHits,
                           long[] preparedBySource, long[] nanosBySource)
        implements Writeable, ToXContentFragment {

        /** Counters without the per-source timings (sums of snapshots in tests). */
        public Snapshot(long coordinatorPrepares, long shardPrepares, long queryEncoderCalls, long queryTextsEncoded,
                        long encodingCacheHits, long historyLookups, long historyEventsRead, long historyMalformedEvents,
                        long historyLookupsDenied, long historyLookupsFailed, long gradesInferred, long gradeCacheHits) {
            this(coordinatorPrepares, shardPrepares, queryEncoderCalls, queryTextsEncoded, encodingCacheHits, historyLookups,
                historyEventsRead, historyMalformedEvents, historyLookupsDenied, historyLookupsFailed, gradesInferred, gradeCacheHits,
                new long[3], new long[3]);
        }

        /**
         * @param in a stream written by {@link #writeTo}
         * @throws IOException on a stream error
         */
        public Snapshot(StreamInput in) throws IOException {
            this(in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(),
                in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLongArray(), in.readVLongArray());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            for (long v : new long[] {coordinatorPrepares, shardPrepares, queryEncoderCalls, queryTextsEncoded, encodingCacheHits,
                historyLookups, historyEventsRead, historyMalformedEvents, historyLookupsDenied, historyLookupsFailed, gradesInferred,
                gradeCacheHits}) {
                out.writeVLong(v);
            }
            out.writeVLongArray(preparedBySource);
            out.writeVLongArray(nanosBySource);
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            builder.startObject("preparation");
            builder.field("on_coordinator", coordinatorPrepares).field("on_shards", shardPrepares);
            builder.field("query_encoder_calls", queryEncoderCalls).field("query_texts_encoded", queryTextsEncoded)
                .field("encoding_cache_hits", encodingCacheHits);
            builder.startObject("history").field("lookups", historyLookups).field("events_read", historyEventsRead)
                .field("malformed_events", historyMalformedEvents).field("lookups_denied", historyLookupsDenied)
                .field("lookups_failed", historyLookupsFailed).field("grades_inferred", gradesInferred)
                .field("grade_cache_hits", gradeCacheHits).endObject();
            // mean wall time of the coordinating node's work per history source: what the lookup adds
            builder.startObject("on_coordinator_by_history");
            String[] names = {"none", "request", "ubi"};
            for (int i = 0; i < names.length; i++) {
                builder.startObject(names[i]).field("requests", preparedBySource[i]).field("mean_millis",
                    preparedBySource[i] == 0 ? 0.0 : nanosBySource[i] / 1e6 / preparedBySource[i]).endObject();
            }
            builder.endObject();
            return builder.endObject();
        }
    }
}
