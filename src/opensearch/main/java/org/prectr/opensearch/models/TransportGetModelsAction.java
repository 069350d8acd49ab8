package org.prectr.opensearch.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;
import org.prectr.core.bundle.BundleNames;
import org.prectr.opensearch.stats.StatsAction;

/**
 * Answers get and list from the locally applied catalog; get also reads the manifest from the system
 * index and asks every node (through {@link StatsAction}, in the plugin's own context) which version it
 * has loaded.
 */
public abstract class TransportGetModelsAction extends HandledTransportAction<GetModelsAction.Request, GetModelsAction.Response> {

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final ModelIndex index;
    private final Client client;

    TransportGetModelsAction(String action, TransportService transportService, ActionFilters actionFilters,
                             ClusterService clusterService, ThreadPool threadPool, ModelIndex index, Client client) {
        super(action, transportService, actionFilters, GetModelsAction.Request::new);
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.index = index;
        this.client = client;
    }

    /** The {@code get} action. */
    public static final class Get extends TransportGetModelsAction {
        /**
         * @param transportService the transport service
         * @param actionFilters the action filters
         * @param clusterService the cluster service
         * @param threadPool the thread pool
         * @param index the system index
         * @param client the node client
         */
        @Inject
        public Get(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService, ThreadPool threadPool,
                   ModelIndex index, Client client) {
            super(GetModelsAction.GET_NAME, transportService, actionFilters, clusterService, threadPool, index, client);
        }
    }

    /** The {@code list} action. */
    public static final class All extends TransportGetModelsAction {
        /**
         * @param transportService the transport service
         * @param actionFilters the action filters
         * @param clusterService the cluster service
         * @param threadPool the thread pool
         * @param index the system index
         * @param client the node client
         */
        @Inject
        public All(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService, ThreadPool threadPool,
                     ModelIndex index, Client client) {
            super(GetModelsAction.LIST_NAME, transportService, actionFilters, clusterService, threadPool, index, client);
        }
    }

    @Override
    protected void doExecute(Task task, GetModelsAction.Request request, ActionListener<GetModelsAction.Response> listener) {
        ModelsMetadata catalog = ModelsMetadata.of(clusterService.state());
        if (request.name() == null) {
            listener.onResponse(new GetModelsAction.Response(new ArrayList<>(catalog.models().values()), null, List.of()));
            return;
        }
        try {
            BundleNames.validate("name", request.name());
        } catch (IllegalArgumentException e) {
            listener.onFailure(e);
            return;
        }
        StoredModel model = catalog.get(request.name());
        if (model == null) {
            listener.onFailure(new ResourceNotFoundException("[prectr] model [" + request.name() + "] is not stored"));
            return;
        }
        // reading the manifest blocks: not on a transport or HTTP thread
        threadPool.generic().execute(() -> {
            Map<String, Object> manifest;
            try {
                manifest = XContentHelper.convertToMap(new BytesArray(index.readManifest(model)), true, XContentType.JSON).v2();
            } catch (Exception e) {
                listener.onFailure(e);
                return;
            }
            try (var ignored = threadPool.getThreadContext().stashContext()) {
                client.execute(StatsAction.INSTANCE, new StatsAction.NodesRequest(), ActionListener.wrap(stats -> {
                    List<GetModelsAction.NodeStatus> nodes = new ArrayList<>();
                    for (StatsAction.NodeResponse node : stats.getNodes()) {
                        long loaded = node.loaded().stream().filter(m -> m.name().equals(model.name())).mapToLong(m -> m.version())
                            .findFirst().orElse(-1);
                        nodes.add(new GetModelsAction.NodeStatus(node.getNode().getId(), node.getNode().getName(), loaded));
                    }
                    nodes.sort(java.util.Comparator.comparing(GetModelsAction.NodeStatus::nodeName));
                    listener.onResponse(new GetModelsAction.Response(List.of(model), manifest, nodes));
                }, listener::onFailure));
            }
        });
    }
}
