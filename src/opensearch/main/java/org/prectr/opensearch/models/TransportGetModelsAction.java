package org.prectr.opensearch.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Answers get and list from the locally applied catalog, with each entry's health: get reads the
 * manifest and verifies the whole stored entry (every document, the zip's SHA-256); list checks that
 * each entry's documents exist (one search); both report a missing {@code .prectr-models} index and ask
 * every node (through {@link StatsAction}, in the plugin's own context) which version it has loaded and
 * whether its last load failed, and why.
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
        List<StoredModel> models;
        if (request.name() == null) {
            models = new ArrayList<>(catalog.models().values());
        } else {
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
            models = List.of(model);
        }
        if (models.isEmpty()) {
            listener.onResponse(new GetModelsAction.Response(models, false, null, List.of(), Map.of()));
            return;
        }
        boolean indexExists = ModelIndex.exists(clusterService.state());
        // reading the store blocks: not on a transport or HTTP thread
        threadPool.generic().execute(() -> {
            Map<String, List<String>> problems = new TreeMap<>();
            Map<String, Object> manifest = null;
            try {
                if (indexExists == false) {
                    models.forEach(m -> problems.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(ModelIndex.missingIndex()));
                } else if (request.name() != null) {
                    // get: verify the whole entry (every document, the zip's SHA-256), as a node loading it would
                    StoredModel model = models.get(0);
                    try {
                        manifest = XContentHelper.convertToMap(new BytesArray(index.readManifest(model)), true, XContentType.JSON).v2();
                    } catch (IllegalStateException e) {
                        // reported below by damage()
                    }
                    String damage = index.damage(model);
                    if (damage != null) {
                        problems.computeIfAbsent(model.name(), n -> new ArrayList<>()).add(damage);
                    }
                } else {
                    // list: one search for the stored document ids; every entry needs all of its own
                    Map<String, String> stored = index.documents(null);
                    for (StoredModel model : models) {
                        List<String> missing = new ArrayList<>();
                        for (int i = 0; i < model.chunks(); i++) {
                            if (stored.containsKey(ModelIndex.chunkId(model.name(), model.sha256(), i)) == false) {
                                missing.add(ModelIndex.chunkId(model.name(), model.sha256(), i));
                            }
                        }
                        if (stored.containsKey(model.metaId()) == false) {
                            missing.add(model.metaId());
                        }
                        if (missing.isEmpty() == false) {
                            problems.computeIfAbsent(model.name(), n -> new ArrayList<>()).add("[prectr] stored bundle [" + model.name()
                                + "] version [" + model.version() + "] misses the documents " + missing + " in [" + ModelIndex.NAME + "]");
                        }
                    }
                }
            } catch (Exception e) {
                listener.onFailure(e);
                return;
            }
            Map<String, Object> manifestRead = manifest;
            try (var ignored = threadPool.getThreadContext().stashContext()) {
                client.execute(StatsAction.INSTANCE, new StatsAction.NodesRequest(), ActionListener.wrap(stats -> {
                    List<GetModelsAction.NodeStatus> nodes = new ArrayList<>();
                    for (StatsAction.NodeResponse node : stats.getNodes()) {
                        for (StoredModels.LoadFailure failure : node.failures()) {
                            StoredModel model = catalog.get(failure.name());
                            if (model != null && model.sha256().equals(failure.sha256()) && models.contains(model)) {
                                problems.computeIfAbsent(failure.name(), n -> new ArrayList<>()).add("node [" + node.getNode().getName()
                                    + "] cannot load it: " + failure.reason());
                            }
                        }
                        if (request.name() != null) {
                            String name = request.name();
                            long loaded = node.loaded().stream().filter(m -> m.name().equals(name)).mapToLong(m -> m.version())
                                .findFirst().orElse(-1);
                            String error = node.failures().stream().filter(f -> f.name().equals(name)).map(StoredModels.LoadFailure::reason)
                                .findFirst().orElse(null);
                            nodes.add(new GetModelsAction.NodeStatus(node.getNode().getId(), node.getNode().getName(), loaded, error));
                        }
                    }
                    nodes.sort(java.util.Comparator.comparing(GetModelsAction.NodeStatus::nodeName));
                    listener.onResponse(new GetModelsAction.Response(models, request.name() != null, manifestRead, nodes, problems));
                }, listener::onFailure));
            }
        });
    }
}
