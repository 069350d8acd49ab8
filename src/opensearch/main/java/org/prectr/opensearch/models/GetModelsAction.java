package org.prectr.opensearch.models;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.ActionType;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * Reads the store: {@code GET _plugins/_prectr/models/<name>} (action {@code .../get}: the entry, its
 * manifest and the load status on every node) and {@code GET _plugins/_prectr/models} (action
 * {@code .../list}: every entry). Two action names so that a role may list without reading manifests.
 */
public final class GetModelsAction extends ActionType<GetModelsAction.Response> {

    /** The action that reads one bundle. */
    public static final String GET_NAME = "cluster:admin/prectr/models/get";

    /** The action that lists the bundles. */
    public static final String LIST_NAME = "cluster:admin/prectr/models/list";

    /** Reads one bundle. */
    public static final GetModelsAction GET = new GetModelsAction(GET_NAME);

    /** Lists the bundles. */
    public static final GetModelsAction LIST = new GetModelsAction(LIST_NAME);

    private GetModelsAction(String name) {
        super(name, Response::new);
    }

    /** A name (get) or none (list). */
    public static final class Request extends ActionRequest {
        private final String name;

        /**
         * @param name the bundle name, or null to list
         */
        public Request(String name) {
            this.name = name;
        }

        /**
         * @param in a stream
         * @throws IOException on a stream error
         */
        public Request(StreamInput in) throws IOException {
            super(in);
            this.name = in.readOptionalString();
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeOptionalString(name);
        }

        /** @return the name, or null */
        public String name() {
            return name;
        }

        @Override
        public ActionRequestValidationException validate() {
            return null;
        }
    }

    /**
     * A node's status for one bundle.
     *
     * @param nodeId the node id
     * @param nodeName the node name
     * @param loadedVersion the store version the node has loaded, or -1 when it has not loaded the bundle (it loads on first use)
     */
    public record NodeStatus(String nodeId, String nodeName, long loadedVersion) {
    }

    /** The entries (one for get), with manifest and node status for get. */
    public static final class Response extends ActionResponse implements ToXContentObject {
        private final List<StoredModel> models;
        private final Map<String, Object> manifest;
        private final List<NodeStatus> nodes;

        /**
         * @param models the entries
         * @param manifest the manifest of the one entry (get), or null (list)
         * @param nodes the node status (get), or empty
         */
        public Response(List<StoredModel> models, Map<String, Object> manifest, List<NodeStatus> nodes) {
            this.models = List.copyOf(models);
            this.manifest = manifest;
            this.nodes = List.copyOf(nodes);
        }

        /**
         * @param in a stream
         * @throws IOException on a stream error
         */
        public Response(StreamInput in) throws IOException {
            this(in.readList(StoredModel::new), in.readBoolean() ? in.readMap() : null,
                in.readList(i -> new NodeStatus(i.readString(), i.readString(), i.readLong())));
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeList(models);
            out.writeBoolean(manifest != null);
            if (manifest != null) {
                out.writeMap(manifest);
            }
            out.writeCollection(nodes, (o, n) -> {
                o.writeString(n.nodeId());
                o.writeString(n.nodeName());
                o.writeLong(n.loadedVersion());
            });
        }

        /** @return the entries */
        public List<StoredModel> models() {
            return models;
        }

        /** @return the manifest (get), or null */
        public Map<String, Object> manifest() {
            return manifest;
        }

        /** @return the node status (get) */
        public List<NodeStatus> nodes() {
            return nodes;
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            builder.startObject();
            if (manifest == null) {
                builder.startArray("models");
                for (StoredModel model : models) {
                    model.toXContent(builder, params);
                }
                builder.endArray();
            } else {
                builder.field("model").value(models.get(0));
                builder.field("manifest", manifest);
                builder.startObject("nodes");
                for (NodeStatus node : nodes) {
                    builder.startObject(node.nodeId()).field("name", node.nodeName()).field("loaded", node.loadedVersion() >= 0);
                    if (node.loadedVersion() >= 0) {
                        builder.field("loaded_version", node.loadedVersion());
                    }
                    builder.endObject();
                }
                builder.endObject();
            }
            return builder.endObject();
        }
    }
}
