package org.prectr.opensearch.models;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchType;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.cluster.ClusterState;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.prectr.opensearch.PrectrIntegTestCase;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.opensearch.transport.client.Client;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.core.rescore.ScoreMode;
import org.prectr.opensearch.stats.StatsAction;

/**
 * Shared set-up of the model-store cluster tests (test helper): nodes with two reference bundles in
 * {@code prectr.model_dir} ({@code ref-standard}, {@code ref-variant}: the same content as the uploads
 * below under other names), the 113 ESCI sample products, uploads, searches, and the store check.
 * Bundle folders are zipped file by file and their sizes summed, so the test framework's ExtrasFS
 * (random extra files in new folders) is off.
 */
@LuceneTestCase.SuppressFileSystems("ExtrasFS")
public abstract class ModelStoreTestCase extends PrectrIntegTestCase {

    static final String INDEX = "products";
    static final String QUERY = "mens slippers";
    static final String FIRST_PHASE = "mens slippers sandals for women";
    static final int WINDOW = 20;

    @Override
    protected void writeModels(Path models) throws IOException {
        TestBundles.standard(models, "ref-standard");
        TestBundles.variant(models, "ref-variant");
    }

    /** Indexes the ESCI sample: 3 shards, so that with 3 nodes every node rescores. */
    void indexProducts(int replicas) throws IOException {
        indexProducts(3, replicas);
    }

    void indexProducts(int shards, int replicas) throws IOException {
        assertAcked(prepareCreate(INDEX).setSettings(Settings.builder().put("index.number_of_shards", shards)
            .put("index.number_of_replicas", replicas)).setMapping("""
            {"properties": {
              "asin": {"type": "keyword"}, "title": {"type": "text"}, "brand": {"type": "keyword"},
              "color": {"type": "keyword"}, "rating": {"type": "float"}, "rating_count": {"type": "integer"},
              "price": {"type": "double"}, "is_book": {"type": "boolean"}}}"""));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            ModelStoreTestCase.class.getResourceAsStream("/esci-sample.ndjson"), StandardCharsets.UTF_8))) {
            String line;
            int id = 0;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() == false) {
                    bulk.add(client().prepareIndex(INDEX).setId(Integer.toString(id++)).setSource(line, XContentType.JSON));
                }
            }
        }
        assertFalse(bulk.get().hasFailures());
        ensureGreen(INDEX);
    }

    static PutModelAction.Response put(Client client, String name, byte[] zip) {
        return client.execute(PutModelAction.INSTANCE, new PutModelAction.Request(name, new BytesArray(zip))).actionGet();
    }

    SearchResponse search(Client client, String model) {
        return search(client, model, WINDOW);
    }

    SearchResponse search(Client client, String model, int window) {
        // the test clients randomise the search type; DFS changes first-phase scores, and comparisons need them fixed
        return client.prepareSearch(INDEX).setSearchType(SearchType.QUERY_THEN_FETCH).setQuery(QueryBuilders.matchQuery("title", FIRST_PHASE)).setSize(10)
            .addRescorer(new PrectrRescorerBuilder(model, QUERY, null, ScoreMode.REPLACE, 1f, 1f), window).get();
    }

    /** @return id -> score of the hits, in order */
    static List<String> hits(SearchResponse response) {
        assertEquals(0, response.getFailedShards());
        List<String> hits = new ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            hits.add(hit.getId() + "=" + hit.getScore());
        }
        return hits;
    }

    /**
     * @param failure a failure from a client call
     * @param status the expected HTTP status
     * @return the cause's message
     */
    static String message(Exception failure, RestStatus status) {
        Throwable cause = ExceptionsHelper.unwrapCause(failure);
        assertEquals(cause.toString(), status, ExceptionsHelper.status(cause));
        return cause.getMessage();
    }

    /** @return the catalog of the cluster manager's state */
    ModelsMetadata catalog() {
        ClusterState state = client().admin().cluster().prepareState().get().getState();
        return ModelsMetadata.of(state);
    }

    /** Nothing half-written: the system index holds exactly the documents the catalog names. */
    void assertStoreMatchesCatalog() {
        Map<String, String> expected = new TreeMap<>();
        for (StoredModel model : catalog().models().values()) {
            for (int i = 0; i < model.chunks(); i++) {
                expected.put(ModelIndex.chunkId(model.name(), model.sha256(), i), model.sha256());
            }
            expected.put(model.metaId(), model.sha256());
        }
        ModelIndex index = internalCluster().getInstance(ModelIndex.class);
        Map<String, String> stored = client().admin().indices().prepareExists(ModelIndex.NAME).get().isExists()
            ? index.documents(null) : Map.of();
        assertEquals(expected, stored);
    }

    /** @return node name -> loaded store version of the model (absent: not loaded) */
    Map<String, Long> loadedVersions(String model) {
        Map<String, Long> versions = new TreeMap<>();
        StatsAction.NodesResponse stats = client().execute(StatsAction.INSTANCE, new StatsAction.NodesRequest()).actionGet();
        assertFalse(stats.hasFailures());
        for (StatsAction.NodeResponse node : stats.getNodes()) {
            node.loaded().stream().filter(m -> m.name().equals(model)).forEach(m -> versions.put(node.getNode().getName(), m.version()));
        }
        return versions;
    }

    /** @return the names of the nodes holding a shard of the products index */
    TreeSet<String> nodesWithShards() {
        ClusterState state = client().admin().cluster().prepareState().get().getState();
        TreeSet<String> names = new TreeSet<>();
        state.routingTable().index(INDEX).shardsWithState(org.opensearch.cluster.routing.ShardRoutingState.STARTED)
            .forEach(shard -> names.add(state.nodes().get(shard.currentNodeId()).getName()));
        return names;
    }
}
