package org.prectr.opensearch.rescore;

import org.prectr.core.text.TextBounds;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;
import org.prectr.core.features.UserContext;
import org.prectr.core.rescore.RequestRules;

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
    public static final int MAX_ID_LENGTH = RequestRules.MAX_ID_LENGTH;
    /** Most {@code user.features} entries. */
    public static final int MAX_FEATURES = RequestRules.MAX_FEATURES;
    /** Most {@code user.history} entries. */
    public static final int MAX_HISTORY = RequestRules.MAX_HISTORY;
    /** Longest history query. */
    public static final int MAX_QUERY_LENGTH = RequestRules.MAX_QUERY_LENGTH;

    /** Checks the bounds (RequestRules) and normalises the feature values. */
    public RequestUser {
        RequestRules.checkUserId(id);
        features = RequestRules.normaliseFeatures(features);
        history = history == null ? List.of() : List.copyOf(history);
        RequestRules.checkHistorySize(history.size());
        for (int i = 0; i < history.size(); i++) {
            RequestHistoryEntry entry = history.get(i);
            RequestRules.checkHistoryEntry(i, entry == null ? null : entry.query(), entry == null ? null : entry.item(),
                entry == null ? null : entry.grade());
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
