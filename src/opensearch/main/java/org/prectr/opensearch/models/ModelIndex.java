package org.prectr.opensearch.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.get.GetRequest;
import org.opensearch.action.get.GetResponse;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.IndexNotFoundException;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

/**
 * The {@code .prectr-models} system index, which holds the bytes of uploaded bundles: per upload one
 * metadata document (id {@code <name>@<sha256>}: name, hash, size, chunk count and manifest.json) and
 * the zip split into chunk documents (ids {@code <name>@<sha256>#<i>}). Names cannot contain {@code @}
 * or {@code #}, so ids never collide; keying by hash makes a re-upload of the same bytes idempotent.
 *
 * <p>Documents are written before the catalog entry ({@link ModelsMetadata}) that makes them visible,
 * and removed after it stops naming them, so a failed upload can only leave unreferenced documents,
 * which the upload removes itself and {@link #sweep} removes on the next upload or delete of the name.
 * Calls are blocking and run on the generic thread pool, never on transport or cluster-state threads;
 * they run in a stashed thread context, as the plugin's own (system) requests.
 */
public final class ModelIndex {

    /** The system index. */
    public static final String NAME = ".prectr-models";

    private static final TimeValue TIMEOUT = TimeValue.timeValueSeconds(60);

    private final Client client;
    private final ThreadContext threadContext;
    private final Map<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param client the node client
     * @param threadContext the node's thread context
     */
    public ModelIndex(Client client, ThreadContext threadContext) {
        this.client = client;
        this.threadContext = threadContext;
    }

    /**
     * Uploads and deletes of one name run one at a time on the cluster manager, so that one upload's
     * clean-up never removes the documents of another still in flight.
     *
     * @param name a bundle name
     * @return the monitor of that name
     */
    Object lock(String name) {
        return locks.computeIfAbsent(name, n -> new Object());
    }

    /** @return the id of an upload's metadata document */
    static String metaId(String name, String sha256) {
        return name + "@" + sha256;
    }

    static String chunkId(String name, String sha256, int chunk) {
        return metaId(name, sha256) + "#" + chunk;
    }

    /** Creates the index when missing: one shard, a replica on every other node (auto_expand_replicas 0-all), hidden. */
    void ensureIndex() throws IOException {
        if (client.admin().indices().prepareExists(NAME).get(TIMEOUT).isExists()) {
            return;
        }
        XContentBuilder mapping = XContentFactory.jsonBuilder().startObject().field("dynamic", "strict").startObject("properties")
            .startObject("kind").field("type", "keyword").endObject()
            .startObject("name").field("type", "keyword").endObject()
            .startObject("sha256").field("type", "keyword").endObject()
            .startObject("size").field("type", "long").endObject()
            .startObject("chunks").field("type", "integer").endObject()
            .startObject("chunk").field("type", "integer").endObject()
            .startObject("manifest").field("type", "binary").endObject()
            .startObject("data").field("type", "binary").endObject()
            .endObject().endObject();
        CreateIndexRequest create = new CreateIndexRequest(NAME).settings(Settings.builder().put("index.number_of_shards", 1)
            .put("index.auto_expand_replicas", "0-all").put("index.hidden", true)).mapping(mapping);
        try {
            client.admin().indices().create(create).actionGet(TIMEOUT);
        } catch (ResourceAlreadyExistsException e) {
            // created by a concurrent upload
        }
    }

    /**
     * Writes an upload's documents (refreshed, so that {@link #sweep} sees them).
     *
     * @param bundle the validated upload
     * @return the ids written
     */
    List<String> write(BundleArchive.Validated bundle) throws IOException {
        ensureIndex();
        byte[] zip = bundle.zip();
        int chunks = Math.max(1, (zip.length + ModelStoreSettings.CHUNK_BYTES - 1) / ModelStoreSettings.CHUNK_BYTES);
        List<String> ids = new ArrayList<>();
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            for (int i = 0; i < chunks; i++) {
                int from = i * ModelStoreSettings.CHUNK_BYTES;
                int to = Math.min(zip.length, from + ModelStoreSettings.CHUNK_BYTES);
                String id = chunkId(bundle.name(), bundle.sha256(), i);
                XContentBuilder source = XContentFactory.smileBuilder().startObject().field("kind", "chunk")
                    .field("name", bundle.name()).field("sha256", bundle.sha256()).field("chunk", i)
                    .field("data", zip, from, to - from).endObject();
                ids.add(id);
                client.index(new IndexRequest(NAME).id(id).source(source)).actionGet(TIMEOUT);
            }
            String meta = metaId(bundle.name(), bundle.sha256());
            ids.add(meta);
            XContentBuilder source = XContentFactory.smileBuilder().startObject().field("kind", "bundle")
                .field("name", bundle.name()).field("sha256", bundle.sha256()).field("size", zip.length).field("chunks", chunks)
                .field("manifest", bundle.manifestJson().getBytes(StandardCharsets.UTF_8)).endObject();
            client.index(new IndexRequest(NAME).id(meta).source(source).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE))
                .actionGet(TIMEOUT);
        }
        return ids;
    }

    /**
     * Reads a stored zip back (realtime gets) and checks its hash before anything uses it.
     *
     * @param model the catalog entry
     * @return the zip bytes
     * @throws IllegalStateException when the index or a chunk is missing, a chunk is unreadable or the hash differs
     */
    byte[] read(StoredModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE, model.sizeBytes()));
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            for (int i = 0; i < model.chunks(); i++) {
                String id = chunkId(model.name(), model.sha256(), i);
                GetResponse get = get(model, id);
                if (get.isExists() == false) {
                    throw new IllegalStateException("[prectr] stored bundle [" + model.name() + "] version [" + model.version()
                        + "] misses the chunk [" + id + "] in [" + NAME + "]");
                }
                out.writeBytes(binary(model, id, "data", get.getSourceAsMap().get("data")));
            }
        }
        byte[] zip = out.toByteArray();
        String sha = BundleArchive.sha256(zip);
        if (sha.equals(model.sha256()) == false) {
            throw new IllegalStateException("[prectr] stored bundle [" + model.name() + "] version [" + model.version()
                + "] sha256: expected [" + model.sha256() + "] but found [" + sha + "]");
        }
        return zip;
    }

    /**
     * @param model the catalog entry
     * @return its manifest.json text
     * @throws IllegalStateException when the index or the metadata document is missing or unreadable
     */
    String readManifest(StoredModel model) {
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            GetResponse get = get(model, model.metaId());
            if (get.isExists() == false) {
                throw new IllegalStateException("[prectr] stored bundle [" + model.name() + "] version [" + model.version()
                    + "] misses its document [" + model.metaId() + "] in [" + NAME + "]");
            }
            return new String(binary(model, model.metaId(), "manifest", get.getSourceAsMap().get("manifest")), StandardCharsets.UTF_8);
        }
    }

    /**
     * Verifies that the store can serve a catalog entry: every document present, every binary field
     * readable, the zip's SHA-256 the catalog's.
     *
     * @param model the catalog entry
     * @return null when it can, else why not (the message a node would fail with)
     */
    String damage(StoredModel model) {
        try {
            readManifest(model);
            read(model);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** @return whether the index exists in the cluster state of this node */
    static boolean exists(org.opensearch.cluster.ClusterState state) {
        return state.metadata().hasIndex(NAME);
    }

    /** @return the problem a catalog with entries has when the index is gone (deleted, or lost with its nodes) */
    static String missingIndex() {
        return "[prectr] the index [" + NAME + "] is missing: stored bundles cannot be loaded by a node that has not loaded them "
            + "(e.g. after a restart); upload them again (the same bytes restore them)";
    }

    private GetResponse get(StoredModel model, String id) {
        try {
            return client.get(new GetRequest(NAME, id)).actionGet(TIMEOUT);
        } catch (IndexNotFoundException e) {
            throw new IllegalStateException(missingIndex() + " (bundle [" + model.name() + "] version [" + model.version() + "])", e);
        }
    }

    /**
     * A {@code binary} field's value as it comes back from {@code _source}: bytes when the document was
     * written in SMILE or CBOR (the store's own writes), base64 text when it went through JSON (the
     * document API, {@code _reindex}, a manual repair). Either is the same data.
     */
    static byte[] binary(StoredModel model, String id, String field, Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("[prectr] stored bundle [" + model.name() + "] version [" + model.version()
                    + "] document [" + id + "] field [" + field + "] is not base64: " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("[prectr] stored bundle [" + model.name() + "] version [" + model.version() + "] document ["
            + id + "] field [" + field + "] must hold bytes or base64 text but held [" + (value == null ? "nothing"
            : value.getClass().getSimpleName()) + "]");
    }

    /**
     * Deletes documents by id (refreshed).
     *
     * @param ids the ids
     */
    void delete(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        BulkRequest bulk = new BulkRequest().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        ids.forEach(id -> bulk.add(new DeleteRequest(NAME, id)));
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            BulkResponse response = client.bulk(bulk).actionGet(TIMEOUT);
            if (response.hasFailures()) {
                throw new IllegalStateException("[prectr] failed to delete from [" + NAME + "]: " + response.buildFailureMessage());
            }
        }
    }

    /**
     * Removes every document of {@code name} that the catalog entry does not name (left by failed or
     * replaced uploads).
     *
     * @param name the bundle name
     * @param current its catalog entry, or null when it has none
     * @return how many documents were removed
     */
    int sweep(String name, StoredModel current) {
        if (client.admin().indices().prepareExists(NAME).get(TIMEOUT).isExists() == false) {
            return 0;
        }
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> doc : documents(name).entrySet()) {
            if (current == null || current.sha256().equals(doc.getValue()) == false) {
                stale.add(doc.getKey());
            }
        }
        delete(stale);
        return stale.size();
    }

    /**
     * @param name a bundle name, or null for all
     * @return id -> sha256 of the stored documents // visible for testing
     */
    public Map<String, String> documents(String name) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(10_000).fetchSource(new String[] {"sha256"}, null)
            .query(name == null ? QueryBuilders.matchAllQuery() : QueryBuilders.termQuery("name", name));
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            SearchResponse response = client.search(new SearchRequest(NAME).source(source)).actionGet(TIMEOUT);
            Map<String, String> docs = new java.util.TreeMap<>();
            for (SearchHit hit : response.getHits().getHits()) {
                docs.put(hit.getId(), (String) hit.getSourceAsMap().get("sha256"));
            }
            return docs;
        }
    }
}
