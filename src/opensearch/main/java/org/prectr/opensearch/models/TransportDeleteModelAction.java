package org.prectr.opensearch.models;

import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.action.support.clustermanager.TransportClusterManagerNodeAction;
import org.opensearch.cluster.AckedClusterStateUpdateTask;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.prectr.core.bundle.BundleNames;

/**
 * Deletes a stored bundle on the cluster manager: removes the catalog entry (acknowledged once every
 * node dropped its copy), then the documents. An unknown name is a 404.
 */
public final class TransportDeleteModelAction extends TransportClusterManagerNodeAction<DeleteModelAction.Request, AcknowledgedResponse> {

    private static final Logger LOGGER = LogManager.getLogger(TransportDeleteModelAction.class);

    private final ModelIndex index;

    /**
     * @param transportService the transport service
     * @param clusterService the cluster service
     * @param threadPool the thread pool
     * @param actionFilters the action filters
     * @param resolver the index name resolver
     * @param index the system index
     */
    @Inject
    public TransportDeleteModelAction(TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
                                      ActionFilters actionFilters, IndexNameExpressionResolver resolver, ModelIndex index) {
        super(DeleteModelAction.NAME, transportService, clusterService, threadPool, actionFilters, DeleteModelAction.Request::new,
            resolver);
        this.index = index;
    }

    @Override
    protected String executor() {
        return ThreadPool.Names.GENERIC;
    }

    @Override
    protected AcknowledgedResponse read(StreamInput in) throws IOException {
        return new AcknowledgedResponse(in);
    }

    @Override
    protected ClusterBlockException checkBlock(DeleteModelAction.Request request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(DeleteModelAction.Request request, ClusterState state,
                                           ActionListener<AcknowledgedResponse> listener) {
        try {
            BundleNames.validate("name", request.name());
            synchronized (index.lock(request.name())) {
                if (ModelsMetadata.of(clusterService.state()).get(request.name()) == null) {
                    throw new ResourceNotFoundException("[prectr] model [" + request.name() + "] is not stored");
                }
                PlainActionFuture<AcknowledgedResponse> future = PlainActionFuture.newFuture();
                clusterService.submitStateUpdateTask("prectr-delete-model [" + request.name() + "]",
                    new AckedClusterStateUpdateTask<AcknowledgedResponse>(request, future) {
                        @Override
                        public ClusterState execute(ClusterState current) {
                            ModelsMetadata catalog = ModelsMetadata.of(current);
                            if (catalog.get(request.name()) == null) {
                                throw new ResourceNotFoundException("[prectr] model [" + request.name() + "] is not stored");
                            }
                            Metadata metadata = Metadata.builder(current.metadata())
                                .putCustom(ModelsMetadata.TYPE, catalog.without(request.name())).build();
                            return ClusterState.builder(current).metadata(metadata).build();
                        }

                        @Override
                        protected AcknowledgedResponse newResponse(boolean acknowledged) {
                            return new AcknowledgedResponse(acknowledged);
                        }
                    });
                AcknowledgedResponse response = future.actionGet(
                    TimeValue.timeValueMillis(request.clusterManagerNodeTimeout().millis() + request.ackTimeout().millis()));
                try {
                    index.sweep(request.name(), null);
                } catch (RuntimeException e) {
                    LOGGER.warn("deleted prectr model [" + request.name() + "] but not all its documents; the next upload or delete"
                        + " of the name removes them", e);
                }
                listener.onResponse(response);
            }
        } catch (Exception e) {
            listener.onFailure(e);
        }
    }
}
