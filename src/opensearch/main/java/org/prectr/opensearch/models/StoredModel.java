package org.prectr.opensearch.models;

import java.io.IOException;
import java.util.Map;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * The catalog entry of one uploaded bundle, as held in the cluster state ({@link ModelsMetadata}): what
 * every node needs to know, cheaply, to serve the current copy and never a stale one. The bytes live in
 * the {@code .prectr-models} system index ({@link ModelIndex}), under ids derived from name and hash.
 *
 * @param name the bundle name
 * @param version the store's version of this name: 1 for the first upload, +1 for each replacing upload
 * @param sha256 SHA-256 of the uploaded zip (lower-case hex); a node's loaded copy is current iff its hash equals this
 * @param sizeBytes size of the zip
 * @param unpackedBytes size of the unpacked files (the native-memory estimate of a loaded copy)
 * @param chunks how many chunk documents hold the zip
 * @param manifestVersion the manifest's {@code version} (what stored item embeddings are stamped with)
 * @param uploadedMillis when the upload was published, epoch milliseconds
 */
public record StoredModel(String name, long version, String sha256, long sizeBytes, long unpackedBytes, int chunks,
                          String manifestVersion, long uploadedMillis) implements Writeable, ToXContentObject {

    /**
     * @param in a stream written by {@link #writeTo}
     * @throws IOException on a stream error
     */
    public StoredModel(StreamInput in) throws IOException {
        this(in.readString(), in.readVLong(), in.readString(), in.readVLong(), in.readVLong(), in.readVInt(), in.readString(),
            in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(name);
        out.writeVLong(version);
        out.writeString(sha256);
        out.writeVLong(sizeBytes);
        out.writeVLong(unpackedBytes);
        out.writeVInt(chunks);
        out.writeString(manifestVersion);
        out.writeVLong(uploadedMillis);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return fields(builder.startObject()).endObject();
    }

    /**
     * @param builder inside an object
     * @return the builder, with the entry's fields added (for an object that adds more, e.g. the list's health)
     * @throws IOException on a builder error
     */
    XContentBuilder fields(XContentBuilder builder) throws IOException {
        return builder.field("name", name).field("version", version).field("sha256", sha256)
            .field("size_in_bytes", sizeBytes).field("unpacked_size_in_bytes", unpackedBytes).field("chunks", chunks)
            .field("manifest_version", manifestVersion).field("uploaded_millis", uploadedMillis);
    }

    /**
     * @param map the object written by {@link #toXContent}
     * @return the entry
     */
    static StoredModel fromMap(Map<String, Object> map) {
        return new StoredModel((String) map.get("name"), ((Number) map.get("version")).longValue(), (String) map.get("sha256"),
            ((Number) map.get("size_in_bytes")).longValue(), ((Number) map.get("unpacked_size_in_bytes")).longValue(),
            ((Number) map.get("chunks")).intValue(), (String) map.get("manifest_version"),
            ((Number) map.get("uploaded_millis")).longValue());
    }

    /** @return the document id of the bundle's metadata document in {@link ModelIndex} */
    public String metaId() {
        return ModelIndex.metaId(name, sha256);
    }
}
