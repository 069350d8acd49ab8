package org.prectr.opensearch.stats;

import java.util.List;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestActions;
import org.opensearch.transport.client.node.NodeClient;

/** {@code GET _plugins/_prectr/stats} and {@code GET _plugins/_prectr/stats/<node ids>}. */
public final class RestStatsAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "prectr_stats";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, "/_plugins/_prectr/stats"),
            new Route(RestRequest.Method.GET, "/_plugins/_prectr/stats/{node_id}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String[] nodes = request.paramAsStringArray("node_id", new String[0]);
        return channel -> client.execute(StatsAction.INSTANCE, new StatsAction.NodesRequest(nodes),
            new RestActions.NodesResponseRestListener<>(channel));
    }
}
