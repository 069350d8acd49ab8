package org.prectr.opensearch.rescore;

import java.io.IOException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;
import org.prectr.core.features.HistoryEntry;

/**
 * One {@code user.history[]} entry of a {@code prectr} request, as sent: the past query, the item
 * (informational), its grade when known and whether it was clicked. Checked by {@link RequestUser},
 * which knows the entry's position for the error message; the grade's upper bound is checked
 * against the bundle's k on the shard.
 *
 * @param query the past query
 * @param item the item id, or null
 * @param grade the item's relevance grade, or null when unknown
 * @param clicked whether the item was clicked (default true)
 */
public record RequestHistoryEntry(String query, String item, Integer grade, boolean clicked) implements Writeable, ToXContentObject {

    /**
     * Reads an entry written by {@link #writeTo}.
     *
     * @param in the stream
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
