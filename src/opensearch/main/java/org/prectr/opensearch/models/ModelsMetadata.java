package org.prectr.opensearch.models;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.opensearch.Version;
import org.opensearch.cluster.AbstractNamedDiffable;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

/**
 * The catalog of uploaded bundles, a custom part of the cluster metadata: name -> {@link StoredModel}.
 *
 * <p>Why the cluster state: every node already holds the applied state locally, so checking at each
 * search that a loaded copy is the current one is a map lookup, not a round trip; the cluster manager
 * serialises uploads and deletes; an upload is acknowledged only once every node has applied the new
 * entry, so after a 200 no node serves the old bytes; and the entry is persisted with the metadata
 * ({@link Metadata#ALL_CONTEXTS}), so it survives a full cluster restart together with the system index.
 */
public final class ModelsMetadata extends AbstractNamedDiffable<Metadata.Custom> implements Metadata.Custom {

    /** The name of this custom metadata in the cluster state. */
    public static final String TYPE = "prectr_models";

    /** No bundles. */
    public static final ModelsMetadata EMPTY = new ModelsMetadata(Map.of());

    private final Map<String, StoredModel> models;

    /**
     * @param models the entries by name
     */
    public ModelsMetadata(Map<String, StoredModel> models) {
        this.models = Collections.unmodifiableMap(new TreeMap<>(models));
    }

    /**
     * @param in a stream written by {@link #writeTo}
     * @throws IOException on a stream error
     */
    public ModelsMetadata(StreamInput in) throws IOException {
        this(in.readMap(StreamInput::readString, StoredModel::new));
    }

    /**
     * @param state a cluster state
     * @return its catalog, never null
     */
    public static ModelsMetadata of(ClusterState state) {
        ModelsMetadata metadata = state.metadata().custom(TYPE);
        return metadata == null ? EMPTY : metadata;
    }

    /** @return the entries by name, sorted */
    public Map<String, StoredModel> models() {
        return models;
    }

    /**
     * @param name a bundle name
     * @return its entry, or null
     */
    public StoredModel get(String name) {
        return models.get(name);
    }

    /**
     * @param model an entry
     * @return a catalog with the entry added or replaced
     */
    public ModelsMetadata with(StoredModel model) {
        Map<String, StoredModel> copy = new TreeMap<>(models);
        copy.put(model.name(), model);
        return new ModelsMetadata(copy);
    }

    /**
     * @param name a bundle name
     * @return a catalog without it
     */
    public ModelsMetadata without(String name) {
        Map<String, StoredModel> copy = new TreeMap<>(models);
        copy.remove(name);
        return new ModelsMetadata(copy);
    }

    @Override
    public EnumSet<Metadata.XContentContext> context() {
        return Metadata.ALL_CONTEXTS;
    }

    @Override
    public String getWriteableName() {
        return TYPE;
    }

    @Override
    public Version getMinimalSupportedVersion() {
        return Version.CURRENT.minimumCompatibilityVersion();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(models, StreamOutput::writeString, (o, m) -> m.writeTo(o));
    }

    /**
     * @param in a diff stream
     * @return the diff
     * @throws IOException on a stream error
     */
    public static NamedDiff<Metadata.Custom> readDiffFrom(StreamInput in) throws IOException {
        return readDiffFrom(Metadata.Custom.class, TYPE, in);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject("models");
        for (StoredModel model : models.values()) {
            builder.field(model.name());
            model.toXContent(builder, params);
        }
        return builder.endObject();
    }

    /**
     * @param parser positioned on the object written by {@link #toXContent}
     * @return the catalog
     * @throws IOException on a parse error
     */
    @SuppressWarnings("unchecked")
    public static ModelsMetadata fromXContent(XContentParser parser) throws IOException {
        Map<String, Object> map = parser.map();
        Map<String, Object> entries = (Map<String, Object>) map.getOrDefault("models", Map.of());
        Map<String, StoredModel> models = new TreeMap<>();
        entries.forEach((name, value) -> models.put(name, StoredModel.fromMap((Map<String, Object>) value)));
        return new ModelsMetadata(models);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelsMetadata other && models.equals(other.models);
    }

    @Override
    public int hashCode() {
        return Objects.hash(models);
    }

    @Override
    public String toString() {
        return "ModelsMetadata" + models.keySet();
    }
}
