package org.prectr.opensearch.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.clustermanager.TransportClusterManagerNodeAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;
import org.prectr.core.bundle.BundleNames;

/**
 * Stages the chunks of chunked uploads on the cluster manager and, with the last one, runs the ordinary
 * upload ({@link PutModelAction}) on the assembled zip. Staged chunks are never visible: they are
 * deleted after that upload whatever its outcome, at once for an upload over the size limit, and after
 * {@code prectr.models.upload_expiry} of silence (checked every minute and at every chunk). A new
 * cluster manager knows no staged chunks: its first chunk of an old upload id starts that upload anew,
 * so a client that lost its cluster manager resends all chunks.
 */
public final class TransportPutModelChunkAction
    extends TransportClusterManagerNodeAction<PutModelChunkAction.Request, PutModelChunkAction.Response> {

    private static final Logger LOGGER = LogManager.getLogger(TransportPutModelChunkAction.class);

    private final Client client;
    private final UploadStaging staging;
    private volatile ByteSizeValue maxUpload;
    private volatile TimeValue expiry;

    /**
     * @param transportService the transport service
     * @param clusterService the cluster service
     * @param threadPool the thread pool
     * @param actionFilters the action filters
     * @param resolver the index name resolver
     * @param client the node's client, to run the assembled upload
     */
    @Inject
    public TransportPutModelChunkAction(TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
                                        ActionFilters actionFilters, IndexNameExpressionResolver resolver, Client client) {
        super(PutModelChunkAction.NAME, transportService, clusterService, threadPool, actionFilters, PutModelChunkAction.Request::new,
            resolver);
        this.client = client;
        try {
            this.staging = new UploadStaging(Files.createTempDirectory("prectr-chunks-"), threadPool::relativeTimeInMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.maxUpload = ModelStoreSettings.MAX_UPLOAD_SIZE.get(clusterService.getSettings());
        this.expiry = ModelStoreSettings.UPLOAD_EXPIRY.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(ModelStoreSettings.MAX_UPLOAD_SIZE, v -> maxUpload = v);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(ModelStoreSettings.UPLOAD_EXPIRY, v -> expiry = v);
        threadPool.scheduleWithFixedDelay(this::expire, TimeValue.timeValueMinutes(1), ThreadPool.Names.GENERIC);
    }

    private void expire() {
        List<String> expired = staging.expire(expiry.millis());
        if (expired.isEmpty() == false) {
            LOGGER.info("discarded abandoned prectr chunked uploads {} (idle longer than [{}])", expired, expiry);
        }
    }

    /** @return the staging of this node // visible for testing */
    UploadStaging staging() {
        return staging;
    }

    @Override
    protected String executor() {
        // chunk files are written and read: not on a transport thread
        return ThreadPool.Names.GENERIC;
    }

    @Override
    protected PutModelChunkAction.Response read(StreamInput in) throws IOException {
        return new PutModelChunkAction.Response(in);
    }

    @Override
    protected ClusterBlockException checkBlock(PutModelChunkAction.Request request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(PutModelChunkAction.Request request, ClusterState state,
                                           ActionListener<PutModelChunkAction.Response> listener) {
        UploadStaging.Progress progress;
        try {
            expire();
            BundleNames.validate("name", request.name());
            byte[] data = request.data() == null ? null : BytesReference.toBytes(request.data());
            progress = staging.add(request.name(), request.uploadId(), request.index(), request.total(), data, maxUpload);
        } catch (Exception e) {
            listener.onFailure(e);
            return;
        }
        if (progress.zip() == null) {
            listener.onResponse(new PutModelChunkAction.Response(request.uploadId(), progress.received(), progress.total(), null));
            return;
        }
        // the complete zip: the ordinary upload validates, stores and publishes it (same cluster manager)
        client.execute(PutModelAction.INSTANCE, new PutModelAction.Request(request.name(), new BytesArray(progress.zip())),
            ActionListener.map(listener, stored -> new PutModelChunkAction.Response(request.uploadId(), progress.received(),
                progress.total(), stored)));
    }
}
