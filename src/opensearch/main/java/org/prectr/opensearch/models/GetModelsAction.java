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
     * @param loadError why the node's last load of the current version failed, or null
     */
    public record NodeStatus(String nodeId, String nodeName, long loadedVersion, String loadError) {
    }

    /**
     * The entries (one for get), with manifest and node status for get, and for each entry the problems
     * that keep it from loading (a damaged or missing document, a missing index, a node's failed load).
     */
    public static final class Response extends ActionResponse implements ToXContentObject {
        private final List<StoredModel> models;
        private final boolean single;
        private final Map<String, Object> manifest;
        private final List<NodeStatus> nodes;
        private final Map<String, List<String>> problems;

        /**
         * @param models the entries
         * @param single whether this answers a get (one entry, manifest and node status)
         * @param manifest the manifest of the one entry (get; null when it cannot be read), or null (list)
         * @param nodes the node status (get), or empty
         * @param problems per entry name, what keeps it from loading; absent or empty when nothing
         */
        public Response(List<StoredModel> models, boolean single, Map<String, Object> manifest, List<NodeStatus> nodes,
                        Map<String, List<String>> problems) {
            this.models = List.copyOf(models);
            this.single = single;
            this.manifest = manifest;
            this.nodes = List.copyOf(nodes);
            this.problems = Map.copyOf(problems);
        }

        /**
         * @param in a stream
         * @throws IOException on a stream error
         */
        public Response(StreamInput in) throws IOException {
            this(in.readList(StoredModel::new), in.readBoolean(), in.readBoolean() ? in.readMap() : null,
                in.readList(i -> new NodeStatus(i.readString(), i.readString(), i.readLong(), i.readOptionalString())),
                in.readMap(StreamInput::readString, i -> i.readList(StreamInput::readString)));
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeList(models);
            out.writeBoolean(single);
            out.writeBoolean(manifest != null);
            if (manifest != null) {
                out.writeMap(manifest);
            }
            out.writeCollection(nodes, (o, n) -> {
                o.writeString(n.nodeId());
                o.writeString(n.nodeName());
                o.writeLong(n.loadedVersion());
                o.writeOptionalString(n.loadError());
            });
            out.writeMap(problems, StreamOutput::writeString, StreamOutput::writeStringCollection);
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

        /**
         * @param name an entry's name
         * @return what keeps it from loading; empty when it is healthy
         */
        public List<String> problems(String name) {
            return problems.getOrDefault(name, List.of());
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            builder.startObject();
            if (single == false) {
                builder.startArray("models");
                for (StoredModel model : models) {
                    model.fields(builder.startObject());
                    health(builder, model.name());
                    builder.endObject();
                }
                builder.endArray();
            } else {
                builder.field("model").value(models.get(0));
                health(builder, models.get(0).name());
                if (manifest != null) {
                    builder.field("manifest", manifest);
                }
                builder.startObject("nodes");
                for (NodeStatus node : nodes) {
                    builder.startObject(node.nodeId()).field("name", node.nodeName()).field("loaded", node.loadedVersion() >= 0);
                    if (node.loadedVersion() >= 0) {
                        builder.field("loaded_version", node.loadedVersion());
                    }
                    if (node.loadError() != null) {
                        builder.field("load_error", node.loadError());
                    }
                    builder.endObject();
                }
                builder.endObject();
            }
            return builder.endObject();
        }

        private void health(XContentBuilder builder, String name) throws IOException {
            List<String> found = problems(name);
            builder.field("healthy", found.isEmpty());
            if (found.isEmpty() == false) {
                builder.field("problems", found);
            }
        }
    }
}
