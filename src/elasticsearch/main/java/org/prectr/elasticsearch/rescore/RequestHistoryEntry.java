package org.prectr.elasticsearch.rescore;

import java.io.IOException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.prectr.core.features.HistoryEntry;

/**
 * One {@code user.history[]} entry of a {@code prectr} request, as sent (checked by {@link RequestUser}
 * with the core's {@link org.prectr.core.rescore.RequestRules}).
 *
 * @param query the past query
 * @param item the item id, or null
 * @param grade the item's relevance grade, or null when unknown
 * @param clicked whether the item was clicked (default true)
 */
public record RequestHistoryEntry(String query, String item, Integer grade, boolean clicked) implements Writeable, ToXContentObject {

    /**
     * @param in a stream written by {@link #writeTo}
     * @throws IOException on a stream failure
     */
    public RequestHistoryEntry(StreamInput in) throws IOException {
        this(in.readString(), in.readOptionalString(), in.readOptionalVInt(), in.readBoolean());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(query);
        out.writeOptionalString(item);
        out.writeOptionalVInt(grade);
        out.writeBoolean(clicked);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("query", query);
        if (item != null) {
            builder.field("item", item);
        }
        if (grade != null) {
            builder.field("grade", grade.intValue());
        }
        builder.field("clicked", clicked);
        return builder.endObject();
    }

    /** @return the core's view of this entry */
    HistoryEntry toCore() {
        return new HistoryEntry(query, item, grade, clicked);
    }
}
