package org.prectr.opensearch.rescore;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.prectr.core.features.MatchFeatures;
import org.prectr.core.features.QueryPreference;
import org.prectr.core.features.RequestFeatures;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.PreparedQuery;

/**
 * A request's per-query work, done once on the coordinating node in the builder's rewrite and shipped
 * to the shards in the rewritten builder: the bundle it was computed with (name and version), E(q),
 * the history statistics, r_u(q), r_cate(q), and where the history came from. A shard whose loaded
 * bundle has the same version rebuilds the core's {@link PreparedQuery} from it without running an
 * encoder; {@link #onShards()} says the shards must prepare the query themselves.
 *
 * @param model the bundle name, or null when the shards prepare and the indexes do not agree on one
 * @param bundleVersion the bundle's version, or null when the shards prepare
 * @param queryEmbedding E(q), D values (empty when the shards prepare)
 * @param historyUsed history entries used
 * @param historyClickRate share of them clicked
 * @param historyMaxSimilarity highest cosine between q and a used history query
 * @param userPreference r_u(q), k values
 * @param queryPreference r_cate(q), k values
 * @param queryPreferenceSupport log1p of the clicks behind r_cate(q)
 * @param matchedQuery the r_cate entry used, or null
 * @param matchedSimilarity its cosine to q
 * @param history where the history came from, and how much of it was read
 * @param historyFieldValues per keyword field, the values of the user's clicked history items (history_match)
 */
public record PreparedRequest(String model, String bundleVersion, float[] queryEmbedding, int historyUsed, double historyClickRate,
                              double historyMaxSimilarity, float[] userPreference, float[] queryPreference,
                              double queryPreferenceSupport, String matchedQuery, double matchedSimilarity,
                              HistoryOrigin history, Map<String, Set<String>> historyFieldValues) implements Writeable {

    public PreparedRequest {
        historyFieldValues = historyFieldValues == null ? Map.of() : Map.copyOf(historyFieldValues);
    }

    /** Where a request's history came from. */
    public enum Source {
        /** no user id and no history, or history lookup switched off */
        NONE,
        /** {@code user.history} of the request */
        REQUEST,
        /** the UBI events of the cluster */
        UBI;

        /** @return the name in explain */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param source where the history came from
     * @param entries history entries the request holds after the lookup
     * @param inferred entries whose grade the model inferred
     */
    public record HistoryOrigin(Source source, int entries, int inferred) {
    }

    private static final PreparedRequest ON_SHARDS = new PreparedRequest(null, null, new float[0], 0, 0, 0, new float[0],
        new float[0], 0, null, 0, new HistoryOrigin(Source.NONE, 0, 0), Map.of());

    /** @return the marker that the shards prepare the query themselves (the per-shard path) */
    public static PreparedRequest onShardsMarker() {
        return ON_SHARDS;
    }

    /**
     * @param model the bundle every searched index serves, so that data nodes load it in their rewrite
     * @return the marker that the shards prepare the query themselves, naming the bundle
     */
    public static PreparedRequest onShardsMarker(String model) {
        return new PreparedRequest(model, null, new float[0], 0, 0, 0, new float[0], new float[0], 0, null, 0,
            new HistoryOrigin(Source.NONE, 0, 0), Map.of());
    }

    /** @return whether the shards prepare the query themselves */
    public boolean onShards() {
        return bundleVersion == null;
    }

    /**
     * @param model the bundle name
     * @param bundleVersion the bundle's version
     * @param prepared the core's prepared query
     * @param history where the history came from
     * @return the shipped form
     */
    public static PreparedRequest of(String model, String bundleVersion, PreparedQuery prepared, HistoryOrigin history) {
        RequestFeatures f = prepared.features();
        QueryPreference q = f.queryPreference();
        return new PreparedRequest(model, bundleVersion, prepared.queryEmbedding(), f.historyUsed(), f.historyClickRate(),
            f.historyMaxSimilarity(), f.userPreference(), q.histogram(), q.support(), q.matchedQuery(), q.similarity(), history,
            f.historyFieldValues());
    }

    /**
     * Rebuilds the core's prepared query on a shard.
     *
     * @param queryText the request's query text
     * @param user the request's user (its features are read per hit)
     * @param match the match feature code
     * @return the prepared query
     */
    public PreparedQuery toCore(String queryText, UserContext user, MatchFeatures match) {
        QueryPreference preference = new QueryPreference(queryPreference, queryPreferenceSupport, matchedQuery, matchedSimilarity);
        return new PreparedQuery(queryEmbedding, new RequestFeatures(queryText, match.words(queryText), user, historyUsed,
            historyClickRate, historyMaxSimilarity, userPreference, preference, historyFieldValues));
    }

    /**
     * @param in a stream written by {@link #writeTo}
     * @throws IOException on a stream error
     */
    public PreparedRequest(StreamInput in) throws IOException {
        this(in.readOptionalString(), in.readOptionalString(), in.readFloatArray(), in.readVInt(), in.readDouble(), in.readDouble(),
            in.readFloatArray(), in.readFloatArray(), in.readDouble(), in.readOptionalString(), in.readDouble(),
            new HistoryOrigin(in.readEnum(Source.class), in.readVInt(), in.readVInt()), readFieldValues(in));
    }

    private static Map<String, Set<String>> readFieldValues(StreamInput in) throws IOException {
        int fields = in.readVInt();
        Map<String, Set<String>> values = new java.util.HashMap<>();
        for (int i = 0; i < fields; i++) {
            values.put(in.readString(), Set.copyOf(in.readStringList()));
        }
        return values;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalString(model);
        out.writeOptionalString(bundleVersion);
        out.writeFloatArray(queryEmbedding);
        out.writeVInt(historyUsed);
        out.writeDouble(historyClickRate);
        out.writeDouble(historyMaxSimilarity);
        out.writeFloatArray(userPreference);
        out.writeFloatArray(queryPreference);
        out.writeDouble(queryPreferenceSupport);
        out.writeOptionalString(matchedQuery);
        out.writeDouble(matchedSimilarity);
        out.writeEnum(history.source());
        out.writeVInt(history.entries());
        out.writeVInt(history.inferred());
        java.util.TreeMap<String, Set<String>> sorted = new java.util.TreeMap<>(historyFieldValues);
        out.writeVInt(sorted.size());
        for (Map.Entry<String, Set<String>> e : sorted.entrySet()) {
            out.writeString(e.getKey());
            out.writeStringCollection(new java.util.TreeSet<>(e.getValue()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedRequest p && Objects.equals(model, p.model) && Objects.equals(bundleVersion, p.bundleVersion)
            && Arrays.equals(queryEmbedding, p.queryEmbedding) && historyUsed == p.historyUsed
            && Double.compare(historyClickRate, p.historyClickRate) == 0 && Double.compare(historyMaxSimilarity, p.historyMaxSimilarity) == 0
            && Arrays.equals(userPreference, p.userPreference) && Arrays.equals(queryPreference, p.queryPreference)
            && Double.compare(queryPreferenceSupport, p.queryPreferenceSupport) == 0 && Objects.equals(matchedQuery, p.matchedQuery)
            && Double.compare(matchedSimilarity, p.matchedSimilarity) == 0 && history.equals(p.history)
            && historyFieldValues.equals(p.historyFieldValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, bundleVersion, Arrays.hashCode(queryEmbedding), historyUsed, historyClickRate, historyMaxSimilarity,
            Arrays.hashCode(userPreference), Arrays.hashCode(queryPreference), queryPreferenceSupport, matchedQuery, matchedSimilarity,
            history, historyFieldValues);
    }

    @Override
    public String toString() {
        return onShards() ? "PreparedRequest[on shards]" : "PreparedRequest[" + model + "@" + bundleVersion + ", history=" + history + "]";
    }
}
