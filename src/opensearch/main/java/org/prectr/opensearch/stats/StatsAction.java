package org.prectr.opensearch.stats;

import java.io.IOException;
import java.util.List;
import org.opensearch.action.ActionType;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.transport.TransportRequest;
import org.prectr.opensearch.models.StoredModels;

/**
 * {@code GET _plugins/_prectr/stats}: per node, the loaded stored models and their estimated memory,
 * the {@code prectr} breaker, and the rescore counters ({@link PrectrStats}).
 */
public final class StatsAction extends ActionType<StatsAction.NodesResponse> {

    /** The action name. */
    public static final String NAME = "cluster:monitor/prectr/stats";

    /** The one instance. */
    public static final StatsAction INSTANCE = new StatsAction();

    private StatsAction() {
        super(NAME, NodesResponse::new);
    }

    /** Which nodes to ask (all when none are named). */
    public static final class NodesRequest extends BaseNodesRequest<NodesRequest> {
        /**
         * @param nodeIds node ids or names; none means every node
         */
        public NodesRequest(String... nodeIds) {
            super(nodeIds);
        }

        /**
         * @param in a stream
         * @throws IOException on a stream error
         */
        public NodesRequest(StreamInput in) throws IOException {
            super(in);
        }
    }

    /** The request sent to each node. */
    public static final class NodeRequest extends TransportRequest {
        /** A node request. */
        public NodeRequest() {
        }

        /**
         * @param in a stream
         * @throws IOException on a stream error
         */
        public NodeRequest(StreamInput in) throws IOException {
            super(in);
        }
    }

    /** One node's stats. */
    public static final class NodeResponse extends BaseNodeResponse implements ToXContentFragment {
        private final List<StoredModels.LoadedInfo> loaded;
        private final List<StoredModels.FolderModel> folders;
        private final List<StoredModels.LoadFailure> failures;
        private final boolean storeIndexMissing;
        private final StatsSnapshot stats;
        private final long breakerUsed;
        private final long breakerLimit;

        /**
         * @param node the node
         * @param loaded its loaded stored models
         * @param folders its loaded folder bundles
         * @param failures the stored bundles it could not load, with the reason
         * @param storeIndexMissing whether the catalog names bundles but {@code .prectr-models} is gone
         * @param stats its counters
         * @param breakerUsed bytes held in the prectr breaker
         * @param breakerLimit the breaker's limit
         */
        public NodeResponse(DiscoveryNode node, List<StoredModels.LoadedInfo> loaded, List<StoredModels.FolderModel> folders,
                            List<StoredModels.LoadFailure> failures, boolean storeIndexMissing, StatsSnapshot stats, long breakerUsed,
                            long breakerLimit) {
            super(node);
            this.loaded = List.copyOf(loaded);
            this.folders = List.copyOf(folders);
            this.failures = List.copyOf(failures);
            this.storeIndexMissing = storeIndexMissing;
            this.stats = stats;
            this.breakerUsed = breakerUsed;
            this.breakerLimit = breakerLimit;
        }

        /**
         * @param in a stream
         * @throws IOException on a stream error
         */
        public NodeResponse(StreamInput in) throws IOException {
            super(in);
            this.loaded = in.readList(i -> new StoredModels.LoadedInfo(i.readString(), i.readVLong(), i.readString(), i.readVLong(),
                i.readVInt()));
            this.folders = in.readList(i -> new StoredModels.FolderModel(i.readString(), i.readString(), i.readVLong()));
            this.failures = in.readList(i -> new StoredModels.LoadFailure(i.readString(), i.readVLong(), i.readString(), i.readString()));
            this.storeIndexMissing = in.readBoolean();
            this.stats = new StatsSnapshot(in);
            this.breakerUsed = in.readLong();
            this.breakerLimit = in.readLong();
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeCollection(loaded, (o, m) -> {
                o.writeString(m.name());
                o.writeVLong(m.version());
                o.writeString(m.sha256());
                o.writeVLong(m.estimatedBytes());
                o.writeVInt(m.leases());
            });
            out.writeCollection(folders, (o, m) -> {
                o.writeString(m.name());
                o.writeString(m.path());
                o.writeVLong(m.estimatedBytes());
            });
            out.writeCollection(failures, (o, f) -> {
                o.writeString(f.name());
                o.writeVLong(f.version());
                o.writeString(f.sha256());
                o.writeString(f.reason());
            });
            out.writeBoolean(storeIndexMissing);
            stats.writeTo(out);
            out.writeLong(breakerUsed);
            out.writeLong(breakerLimit);
        }

        /** @return the loaded stored models */
        public List<StoredModels.LoadedInfo> loaded() {
            return loaded;
        }

        /** @return the loaded folder bundles */
        public List<StoredModels.FolderModel> folders() {
            return folders;
        }

        /** @return the stored bundles this node could not load */
        public List<StoredModels.LoadFailure> failures() {
            return failures;
        }

        /** @return whether the catalog names bundles but {@code .prectr-models} is gone */
        public boolean storeIndexMissing() {
            return storeIndexMissing;
        }

        /** @return the counters */
        public StatsSnapshot stats() {
            return stats;
        }

        /** @return bytes held in the breaker */
        public long breakerUsed() {
            return breakerUsed;
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            builder.field("name", getNode().getName());
            builder.startObject("models");
            long total = 0;
            for (StoredModels.LoadedInfo m : loaded) {
                builder.startObject(m.name()).field("version", m.version()).field("sha256", m.sha256())
                    .field("estimated_memory_in_bytes", m.estimatedBytes()).field("searches_in_flight", m.leases()).endObject();
                total += m.estimatedBytes();
            }
            builder.endObject();
            // a separate object: a folder bundle and an uploaded one may share a name (the upload shadows it)
            builder.startObject("folder_models");
            for (StoredModels.FolderModel m : folders) {
                builder.startObject(m.name()).field("path", m.path()).field("estimated_memory_in_bytes", m.estimatedBytes()).endObject();
                total += m.estimatedBytes();
            }
            builder.endObject();
            builder.field("models_estimated_memory_in_bytes", total);
            // stored bundles this node cannot load: a search naming one fails until it is repaired (PUT the same bytes)
            builder.startObject("failed_models");
            for (StoredModels.LoadFailure f : failures) {
                builder.startObject(f.name()).field("version", f.version()).field("sha256", f.sha256()).field("reason", f.reason()).endObject();
            }
            builder.endObject();
            builder.field("store_index_missing", storeIndexMissing);
            builder.startObject("breaker").field("used_in_bytes", breakerUsed).field("limit_in_bytes", breakerLimit).endObject();
            return stats.toXContent(builder, params);
        }
    }

    /** Every node's stats. */
    public static final class NodesResponse extends BaseNodesResponse<NodeResponse> implements ToXContentFragment {
        /**
         * @param clusterName the cluster
         * @param nodes the answers
         * @param failures the nodes that failed
         */
        public NodesResponse(ClusterName clusterName, List<NodeResponse> nodes, List<FailedNodeException> failures) {
            super(clusterName, nodes, failures);
        }

        /**
         * @param in a stream
         * @throws IOException on a stream error
         */
        public NodesResponse(StreamInput in) throws IOException {
            super(in);
        }

        @Override
        protected List<NodeResponse> readNodesFrom(StreamInput in) throws IOException {
            return in.readList(NodeResponse::new);
        }

        @Override
        protected void writeNodesTo(StreamOutput out, List<NodeResponse> nodes) throws IOException {
            out.writeList(nodes);
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            builder.startObject("nodes");
            for (NodeResponse node : getNodes()) {
                builder.startObject(node.getNode().getId());
                node.toXContent(builder, params);
                builder.endObject();
            }
            return builder.endObject();
        }
    }
}
