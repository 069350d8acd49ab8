package org.prectr.opensearch.rescore;

import org.prectr.core.text.TextBounds;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;
import org.prectr.core.features.UserContext;

/**
 * The {@code user} object of a {@code prectr} request: an id (for explain only), feature values and
 * the chronological search history. Every bound of docs/request.md is checked here, once, with a
 * message naming the field and bracketing the bad value.
 *
 * <p>Numbers are normalised (integers to {@code Long}, decimals to {@code Double}) and features sorted
 * by key so that the wire and XContent forms round-trip to an equal value.
 *
 * @param id the user id, or null
 * @param features feature key to a String, Long, Double or Boolean value
 * @param history oldest first
 */
public record RequestUser(String id, Map<String, Object> features, List<RequestHistoryEntry> history) implements Writeable, ToXContentObject {

    /** Longest {@code user.id}. */
    public static final int MAX_ID_LENGTH = 256;
    /** Most {@code user.features} entries. */
    public static final int MAX_FEATURES = 64;
    /** Longest {@code user.features} key and string value (code points), as {@code user.id}. */
    public static final int MAX_FEATURE_LENGTH = TextBounds.MAX_SHORT_LENGTH;
    /** Most {@code user.history} entries. */
    public static final int MAX_HISTORY = 100;
    /** Longest history query. */
    public static final int MAX_QUERY_LENGTH = 1000;

    /** Checks the bounds and normalises the feature values. */
    public RequestUser {
        if (id != null) {
            TextBounds.requireMaxLength("[prectr] [user.id]", id, MAX_ID_LENGTH);
        }
        features = normalise(features == null ? Map.of() : features);
        history = history == null ? List.of() : List.copyOf(history);
        if (history.size() > MAX_HISTORY) {
            throw new IllegalArgumentException("[prectr] [user.history] must have at most [" + MAX_HISTORY
                + "] entries but had [" + history.size() + "]");
        }
        for (int i = 0; i < history.size(); i++) {
            checkEntry(i, history.get(i));
        }
    }

    private static Map<String, Object> normalise(Map<String, Object> features) {
        if (features.size() > MAX_FEATURES) {
            throw new IllegalArgumentException("[prectr] [user.features] must have at most [" + MAX_FEATURES
                + "] entries but had [" + features.size() + "]");
        }
        Map<String, Object> sorted = new TreeMap<>();
        features.forEach((key, value) -> sorted.put(key, normaliseValue(key, value)));
        return java.util.Collections.unmodifiableMap(sorted);
    }

    private static Object normaliseValue(String key, Object value) {
        TextBounds.requireMaxLength("[prectr] [user.features] key", key, MAX_FEATURE_LENGTH);
        if (value instanceof String text) {
            return TextBounds.requireMaxLength("[prectr] [user.features." + key + "]", text, MAX_FEATURE_LENGTH);
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if ((value instanceof Float || value instanceof Double) && Double.isFinite(((Number) value).doubleValue())) {
            return ((Number) value).doubleValue();
        }
        throw new IllegalArgumentException("[prectr] [user.features." + key
            + "] must be a string, a finite number or a boolean but was [" + value + "]");
    }

    private static void checkEntry(int index, RequestHistoryEntry entry) {
        String at = "[prectr] [user.history[" + index + "]";
        if (entry == null || entry.query() == null) {
            throw new IllegalArgumentException(at + ".query] is required");
        }
        TextBounds.requireNotBlank(at + ".query]", entry.query());
        TextBounds.requireMaxLength(at + ".query]", entry.query(), MAX_QUERY_LENGTH);
        if (entry.item() != null) {
            TextBounds.requireMaxLength(at + ".item]", entry.item(), TextBounds.MAX_SHORT_LENGTH);
        }
        if (entry.grade() != null && entry.grade() < 0) {
            throw new IllegalArgumentException(at + ".grade] must be >= 0 but was [" + entry.grade() + "]");
        }
    }

    /**
     * Reads a user written by {@link #writeTo}.
     *
     * @param in the stream
     * @throws IOException on a stream failure
     */
    public RequestUser(StreamInput in) throws IOException {
        this(in.readOptionalString(), in.readMap(), in.readList(RequestHistoryEntry::new));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalString(id);
        out.writeMap(features);
        out.writeList(history);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        if (id != null) {
            builder.field("id", id);
        }
        builder.field("features", features);
        builder.startArray("history");
        for (RequestHistoryEntry entry : history) {
            entry.toXContent(builder, params);
        }
        builder.endArray();
        return builder.endObject();
    }

    /** @return the core's view of this user */
    public UserContext toCore() {
        return new UserContext(id, features, history.stream().map(RequestHistoryEntry::toCore).toList());
    }
}
