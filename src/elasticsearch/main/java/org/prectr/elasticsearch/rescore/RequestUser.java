package org.prectr.elasticsearch.rescore;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.prectr.core.features.UserContext;
import org.prectr.core.rescore.RequestRules;

/**
 * The {@code user} object of a {@code prectr} request: an id (for explain only), feature values and
 * the chronological search history, checked by the core's {@link RequestRules} (the same bounds and
 * messages as the OpenSearch plugin).
 *
 * @param id the user id, or null
 * @param features feature key to a String, Long, Double or Boolean value, sorted by key
 * @param history oldest first
 */
public record RequestUser(String id, Map<String, Object> features, List<RequestHistoryEntry> history) implements Writeable, ToXContentObject {

    /** Checks the bounds and normalises the feature values. */
    public RequestUser {
        RequestRules.checkUserId(id);
        features = RequestRules.normaliseFeatures(features);
        history = history == null ? List.of() : List.copyOf(history);
        RequestRules.checkHistorySize(history.size());
        for (int i = 0; i < history.size(); i++) {
            RequestRules.checkHistoryEntry(i, history.get(i).query(), history.get(i).item(), history.get(i).grade());
        }
    }

    /**
     * @param in a stream written by {@link #writeTo}
     * @throws IOException on a stream failure
     */
    public RequestUser(StreamInput in) throws IOException {
        this(in.readOptionalString(), in.readGenericMap(), in.readCollectionAsList(RequestHistoryEntry::new));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalString(id);
        out.writeGenericMap(features);
        out.writeCollection(history);
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

    /** @return the history's grades in order, null where unknown */
    List<Integer> grades() {
        return history.stream().map(RequestHistoryEntry::grade).toList();
    }
}
