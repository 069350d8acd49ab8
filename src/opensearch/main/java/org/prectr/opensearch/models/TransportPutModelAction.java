package org.prectr.opensearch.models;

import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.PlainActionFuture;
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
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.prectr.core.inference.InferenceOptions;

/**
 * Stores an uploaded bundle, on the cluster manager, in three steps: (1) validate: size limit, then
 * unpack and load it with the core (nothing is written for a bad bundle); (2) write its documents to
 * the system index; (3) publish the catalog entry in the cluster state, acknowledged once every node
 * applied it. Then the previous version's documents are removed. A failure after (1) removes what (2)
 * wrote, so nothing half-written stays in the store. Uploads of one name run one at a time. The same
 * bytes as the current version are a {@code noop} when the stored entry verifies (every document, the
 * zip's SHA-256), else its documents are written again ({@code repaired}): the repair for a damaged or
 * deleted document or a lost {@code .prectr-models} index.
 */
public final class TransportPutModelAction extends TransportClusterManagerNodeAction<PutModelAction.Request, PutModelAction.Response> {

    private static final Logger LOGGER = LogManager.getLogger(TransportPutModelAction.class);

    private final ModelIndex index;
    private volatile ByteSizeValue maxUpload;

    /**
     * @param transportService the transport service
     * @param clusterService the cluster service
     * @param threadPool the thread pool
     * @param actionFilters the action filters
     * @param resolver the index name resolver
     * @param index the system index
     */
    @Inject
    public TransportPutModelAction(TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
                                   ActionFilters actionFilters, IndexNameExpressionResolver resolver, ModelIndex index) {
        super(PutModelAction.NAME, transportService, clusterService, threadPool, actionFilters, PutModelAction.Request::new, resolver);
        this.index = index;
        this.maxUpload = ModelStoreSettings.MAX_UPLOAD_SIZE.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(ModelStoreSettings.MAX_UPLOAD_SIZE, v -> maxUpload = v);
    }

    @Override
    protected String executor() {
        // validation loads ONNX Runtime and the store calls block: never on a transport thread
        return ThreadPool.Names.GENERIC;
    }

    @Override
    protected PutModelAction.Response read(StreamInput in) throws IOException {
        return new PutModelAction.Response(in);
    }

    @Override
    protected ClusterBlockException checkBlock(PutModelAction.Request request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(PutModelAction.Request request, ClusterState state,
                                           ActionListener<PutModelAction.Response> listener) {
        try {
            listener.onResponse(put(request));
        } catch (Exception e) {
            listener.onFailure(e);
        }
    }

    /**
     * @param maxBytes the limit
     * @param size the upload's size
     * @throws OpenSearchStatusException (413) when the upload is too large
     */
    static void checkSize(ByteSizeValue maxBytes, long size) {
        if (size > maxBytes.getBytes()) {
            throw new OpenSearchStatusException("[bundle] must be at most [" + maxBytes + "] ([" + ModelStoreSettings.MAX_UPLOAD_SIZE.getKey()
                + "]) but was [" + new ByteSizeValue(size) + "]", RestStatus.REQUEST_ENTITY_TOO_LARGE);
        }
    }

    private PutModelAction.Response put(PutModelAction.Request request) throws IOException {
        ByteSizeValue max = maxUpload;
        checkSize(max, request.bundle().length());
        byte[] zip = org.opensearch.core.common.bytes.BytesReference.toBytes(request.bundle());
        BundleArchive.Validated bundle = BundleArchive.validate(request.name(), zip,
            max.getBytes() * ModelStoreSettings.UNPACKED_FACTOR, InferenceOptions.DEFAULT);
        synchronized (index.lock(bundle.name())) {
            StoredModel previous = ModelsMetadata.of(clusterService.state()).get(bundle.name());
            if (previous != null && previous.sha256().equals(bundle.sha256())) {
                // the same bytes: verify what is stored, and rewrite it when a document is missing or damaged
                String damage = ModelIndex.exists(clusterService.state()) ? index.damage(previous) : ModelIndex.missingIndex();
                if (damage == null) {
                    return new PutModelAction.Response(previous, "noop");
                }
                LOGGER.warn("repairing stored prectr model [{}] version [{}]: {}", previous.name(), previous.version(), damage);
                index.write(bundle);
                return new PutModelAction.Response(previous, "repaired");
            }
            StoredModel published;
            try {
                index.write(bundle);
                published = publish(request, bundle);
            } catch (RuntimeException | IOException e) {
                // remove what this upload wrote; the current version (if any) stays
                try {
                    index.sweep(bundle.name(), ModelsMetadata.of(clusterService.state()).get(bundle.name()));
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            try {
                index.sweep(bundle.name(), published);
            } catch (RuntimeException e) {
                LOGGER.warn("stored prectr model [" + bundle.name() + "] but could not remove older documents; the next upload or delete"
                    + " of the name removes them", e);
            }
            return new PutModelAction.Response(published, previous == null ? "created" : "updated");
        }
    }

    private StoredModel publish(PutModelAction.Request request, BundleArchive.Validated bundle) {
        PlainActionFuture<StoredModel> future = PlainActionFuture.newFuture();
        StoredModel[] entry = new StoredModel[1];
        clusterService.submitStateUpdateTask("prectr-put-model [" + bundle.name() + "]",
            new AckedClusterStateUpdateTask<StoredModel>(request, future) {
                @Override
                public ClusterState execute(ClusterState current) {
                    ModelsMetadata catalog = ModelsMetadata.of(current);
                    StoredModel previous = catalog.get(bundle.name());
                    int chunks = Math.max(1, (bundle.zip().length + ModelStoreSettings.CHUNK_BYTES - 1) / ModelStoreSettings.CHUNK_BYTES);
                    entry[0] = new StoredModel(bundle.name(), previous == null ? 1 : previous.version() + 1, bundle.sha256(),
                        bundle.zip().length, bundle.unpackedBytes(), chunks, bundle.manifest().version(), System.currentTimeMillis());
                    Metadata metadata = Metadata.builder(current.metadata()).putCustom(ModelsMetadata.TYPE, catalog.with(entry[0])).build();
                    return ClusterState.builder(current).metadata(metadata).build();
                }

                @Override
                protected StoredModel newResponse(boolean acknowledged) {
                    if (acknowledged == false) {
                        LOGGER.warn("prectr model [{}] was stored, but not every node acknowledged it in time", bundle.name());
                    }
                    return entry[0];
                }
            });
        TimeValue wait = TimeValue.timeValueMillis(request.clusterManagerNodeTimeout().millis() + request.ackTimeout().millis());
        return future.actionGet(wait);
    }
}
