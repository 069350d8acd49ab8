package org.prectr.opensearch.stats;

import java.io.IOException;
import java.util.Map;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * The rescore counters of one node at one moment (see {@link PrectrStats}).
 *
 * @param requests rescore requests (shard windows), failed ones included
 * @param hits rescored hits
 * @param errors failures by kind
 * @param latency counts per bucket of {@link PrectrStats#LATENCY_BOUNDS_MILLIS}, plus one for slower
 * @param encodedNoField items encoded at query time because the index has no embedding field
 * @param encodedMissingOrStale items encoded at query time because the stored embedding was missing, stale or malformed
 * @param malformedEmbeddings of those, the stored embeddings of the served version that were malformed (length, NaN,
 *     infinity, a value beyond {@code StoredEmbedding.MAX_ABS_VALUE})
 * @param unscoredHits hits whose model outputs were not finite: kept in first-phase order below the scored hits
 * @param storedEmbeddings items whose embedding was read from the index (the stored path)
 * @param cachedEncodings items whose embedding came from the item encoding cache
 * @param cacheEntries entries in the item encoding cache
 * @param cacheBytes bytes the item encoding cache holds (in the {@code prectr} breaker)
 * @param preparation the per-request work's counters
 */
public record StatsSnapshot(long requests, long hits, Map<String, Long> errors, long[] latency, long encodedNoField,
                            long encodedMissingOrStale, long malformedEmbeddings, long unscoredHits, long storedEmbeddings,
                            long cachedEncodings, long cacheEntries, long cacheBytes,
                            PreparationStats.Snapshot preparation) implements Writeable, ToXContentFragment {

    /**
     * @param in a stream written by {@link #writeTo}
     * @throws IOException on a stream error
     */
    public StatsSnapshot(StreamInput in) throws IOException {
        this(in.readVLong(), in.readVLong(), in.readMap(StreamInput::readString, StreamInput::readVLong), in.readVLongArray(),
            in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(),
            new PreparationStats.Snapshot(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVLong(requests);
        out.writeVLong(hits);
        out.writeMap(errors, StreamOutput::writeString, StreamOutput::writeVLong);
        out.writeVLongArray(latency);
        out.writeVLong(encodedNoField);
        out.writeVLong(encodedMissingOrStale);
        out.writeVLong(malformedEmbeddings);
        out.writeVLong(unscoredHits);
        out.writeVLong(storedEmbeddings);
        out.writeVLong(cachedEncodings);
        out.writeVLong(cacheEntries);
        out.writeVLong(cacheBytes);
        preparation.writeTo(out);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.field("rescore_requests", requests).field("rescored_hits", hits).field("unscored_hits", unscoredHits);
        builder.startObject("errors");
        for (Map.Entry<String, Long> error : errors.entrySet()) {
            builder.field(error.getKey(), error.getValue());
        }
        builder.endObject();
        builder.startArray("latency_millis");
        for (int i = 0; i < latency.length; i++) {
            builder.startObject();
            if (i < PrectrStats.LATENCY_BOUNDS_MILLIS.length) {
                builder.field("le", PrectrStats.LATENCY_BOUNDS_MILLIS[i]);
            } else {
                builder.field("le", "+Inf");
            }
            builder.field("count", latency[i]).endObject();
        }
        builder.endArray();
        builder.startObject("query_time_item_encodings").field("no_embedding_field", encodedNoField)
            .field("missing_or_stale_embedding", encodedMissingOrStale).field("malformed_embedding", malformedEmbeddings).endObject();
        // which path the searched indexes are on, item by item (README "Which path is an index on?")
        builder.startObject("item_embeddings").field("stored", storedEmbeddings).field("encoding_cache", cachedEncodings)
            .field("encoded_at_query_time", encodedNoField + encodedMissingOrStale).endObject();
        builder.startObject("item_encoding_cache").field("entries", cacheEntries).field("size_in_bytes", cacheBytes).endObject();
        return preparation.toXContent(builder, params);
    }
}
