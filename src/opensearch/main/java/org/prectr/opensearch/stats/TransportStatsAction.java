package org.prectr.opensearch.stats;

import java.io.IOException;
import java.util.List;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.breaker.CircuitBreaker;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.prectr.opensearch.models.StoredModels;

/** Collects {@link StatsAction} answers from the nodes. */
public final class TransportStatsAction extends TransportNodesAction<StatsAction.NodesRequest, StatsAction.NodesResponse,
    StatsAction.NodeRequest, StatsAction.NodeResponse> {

    private final StoredModels models;

    /**
     * @param threadPool the thread pool
     * @param clusterService the cluster service
     * @param transportService the transport service
     * @param actionFilters the action filters
     * @param models the node's stored models, which also hold its counters and breaker
     */
    @Inject
    public TransportStatsAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
                                ActionFilters actionFilters, StoredModels models) {
        super(StatsAction.NAME, threadPool, clusterService, transportService, actionFilters, StatsAction.NodesRequest::new,
            StatsAction.NodeRequest::new, ThreadPool.Names.MANAGEMENT, StatsAction.NodeResponse.class);
        this.models = models;
    }

    @Override
    protected StatsAction.NodesResponse newResponse(StatsAction.NodesRequest request, List<StatsAction.NodeResponse> nodes,
                                                    List<FailedNodeException> failures) {
        return new StatsAction.NodesResponse(clusterService.getClusterName(), nodes, failures);
    }

    @Override
    protected StatsAction.NodeRequest newNodeRequest(StatsAction.NodesRequest request) {
        return new StatsAction.NodeRequest();
    }

    @Override
    protected StatsAction.NodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new StatsAction.NodeResponse(in);
    }

    @Override
    protected StatsAction.NodeResponse nodeOperation(StatsAction.NodeRequest request) {
        CircuitBreaker breaker = models.breaker().breaker();
        return new StatsAction.NodeResponse(clusterService.localNode(), models.loaded(), models.folderModels(),
            models.failures(), models.indexMissing(), models.stats().snapshot(), breaker.getUsed(),
            breaker.getLimit());
    }
}
