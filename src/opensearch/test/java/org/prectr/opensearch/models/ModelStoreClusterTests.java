package org.prectr.opensearch.models;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.util.List;
import java.util.Map;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.client.Client;
import org.prectr.opensearch.stats.StatsAction;

/**
 * The model API on a 3-node in-JVM cluster with real ONNX Runtime: an upload through one node is served
 * by every node, exactly as the same bundle from a folder; a replacing upload is served everywhere as
 * soon as it is acknowledged (never the old copy), and the old copy is closed; a delete stops serving
 * everywhere; the store never holds documents the catalog does not name.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 3, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class ModelStoreClusterTests extends ModelStoreTestCase {

    public void testUploadServeReplaceDelete() throws Exception {
        indexProducts(0);
        List<String> nodes = List.of(internalCluster().getNodeNames());
        byte[] v1 = TestBundles.zip(TestBundles.standard(createTempDir(), "shop"));
        byte[] v2 = TestBundles.zip(TestBundles.variant(createTempDir(), "shop"));

        PutModelAction.Response created = put(client(nodes.get(0)), "shop", v1);
        assertEquals("created", created.result());
        assertEquals(1, created.model().version());
        assertEquals(BundleArchive.sha256(v1), created.model().sha256());
        assertEquals(v1.length, created.model().sizeBytes());
        assertStoreMatchesCatalog();

        // Served from every node exactly as the same bundle from a folder.
        List<String> standard = hits(search(client(nodes.get(1)), "ref-standard"));
        for (String node : nodes) {
            assertEquals(standard, hits(search(client(node), "shop")));
        }
        Map<String, Long> loaded = loadedVersions("shop");
        assertEquals(nodesWithShards(), new java.util.TreeSet<>(loaded.keySet()));
        loaded.values().forEach(v -> assertEquals(1L, (long) v));

        // A replacing upload through another node: acknowledged means every node serves it.
        PutModelAction.Response updated = put(client(nodes.get(2)), "shop", v2);
        assertEquals("updated", updated.result());
        assertEquals(2, updated.model().version());
        List<String> variant = hits(search(client(nodes.get(0)), "ref-variant"));
        assertNotEquals("the variant must score differently, or this test proves nothing", standard, variant);
        for (String node : nodes) {
            assertEquals(variant, hits(search(client(node), "shop")));
        }
        loadedVersions("shop").values().forEach(v -> assertEquals(2L, (long) v));
        // explain on the 3-shard index equals the rescored score on every shard
        SearchResponse explained = client().prepareSearch(INDEX).setSearchType(org.opensearch.action.search.SearchType.QUERY_THEN_FETCH)
            .setQuery(org.opensearch.index.query.QueryBuilders.matchQuery("title", FIRST_PHASE)).setSize(WINDOW).setExplain(true)
            .addRescorer(new org.prectr.opensearch.rescore.PrectrRescorerBuilder("shop", QUERY, null,
                org.prectr.core.rescore.ScoreMode.REPLACE, 1f, 1f), WINDOW).get();
        java.util.Set<Integer> shards = new java.util.TreeSet<>();
        for (org.opensearch.search.SearchHit hit : explained.getHits().getHits()) {
            assertEquals(hit.getId(), hit.getScore(), hit.getExplanation().getValue().floatValue(), 0f);
            shards.add(hit.getShard().getShardId().id());
        }
        assertEquals(java.util.Set.of(0, 1, 2), shards);
        assertBusy(() -> {
            for (String node : nodes) {
                StoredModels models = internalCluster().getInstance(StoredModels.class, node);
                assertEquals("the replaced copy is closed on " + node, models.loaded().size(), models.liveCopies());
            }
        });
        assertStoreMatchesCatalog();
        assertEquals("noop", put(client(), "shop", v2).result());

        // get and list
        GetModelsAction.Response get = client().execute(GetModelsAction.GET, new GetModelsAction.Request("shop")).actionGet();
        assertEquals(2, get.models().get(0).version());
        assertEquals("shop", get.manifest().get("name"));
        assertEquals(internalCluster().size(), get.nodes().size());
        for (GetModelsAction.NodeStatus status : get.nodes()) {
            assertEquals(nodesWithShards().contains(status.nodeName()) ? 2L : -1L, status.loadedVersion());
        }
        GetModelsAction.Response list = client().execute(GetModelsAction.LIST, new GetModelsAction.Request((String) null)).actionGet();
        assertEquals(List.of("shop"), list.models().stream().map(StoredModel::name).toList());

        // delete: no node serves it any more, nothing stays in the store
        AcknowledgedResponse deleted = client(nodes.get(1)).execute(DeleteModelAction.INSTANCE, new DeleteModelAction.Request("shop"))
            .actionGet();
        assertTrue(deleted.isAcknowledged());
        assertStoreMatchesCatalog();
        assertTrue(catalog().models().isEmpty());
        for (String node : nodes) {
            Exception e = expectThrows(Exception.class, () -> search(client(node), "shop"));
            assertTrue(e.toString(), e.toString().contains("[prectr] [model] bundle [shop] was not found"));
        }
        assertTrue(loadedVersions("shop").isEmpty());
        assertEquals("[prectr] model [shop] is not stored", message(expectThrows(Exception.class,
            () -> client().execute(GetModelsAction.GET, new GetModelsAction.Request("shop")).actionGet()), RestStatus.NOT_FOUND));
        assertEquals("[prectr] model [shop] is not stored", message(expectThrows(Exception.class,
            () -> client().execute(DeleteModelAction.INSTANCE, new DeleteModelAction.Request("shop")).actionGet()),
            RestStatus.NOT_FOUND));
        assertAcked(client().admin().indices().prepareDelete(INDEX));
    }

    public void testStatsCountRescores() throws Exception {
        indexProducts(0);
        Client client = client();
        put(client, "counted", TestBundles.zip(TestBundles.standard(createTempDir(), "counted")));
        long before = totalRequests();
        SearchResponse response = search(client, "counted");
        assertEquals(0, response.getFailedShards());
        assertEquals(before + 3, totalRequests()); // one rescore per shard
        client.execute(DeleteModelAction.INSTANCE, new DeleteModelAction.Request("counted")).actionGet();
        assertAcked(client().admin().indices().prepareDelete(INDEX));
    }

    private long totalRequests() {
        return client().execute(StatsAction.INSTANCE, new StatsAction.NodesRequest()).actionGet().getNodes().stream()
            .mapToLong(node -> node.stats().requests()).sum();
    }
}
