package org.prectr.opensearch.models;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.util.List;
import java.util.Map;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.get.GetResponse;
import org.opensearch.action.search.SearchPhaseExecutionException;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.prectr.opensearch.stats.StatsAction;

/**
 * Stored state that must not break serving (issue 15): a model document that went through JSON once
 * (the document API, {@code _reindex}), a chunk document deleted, the whole {@code .prectr-models}
 * index deleted. Each is seen after a full restart (when no node holds a loaded copy), reported in GET,
 * list and stats, and repaired by a PUT of the same bytes. One data node, a fresh cluster per test.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.TEST, numDataNodes = 1, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class ModelStoreRepairTests extends ModelStoreTestCase {

    public void testDocumentsRewrittenThroughTheDocumentApiServeAfterARestart() throws Exception {
        indexProducts(1, 0);
        byte[] zip = TestBundles.zip(TestBundles.standard(createTempDir(), "shop"));
        put(client(), "shop", zip);
        List<String> expected = hits(search(client(), "ref-standard"));
        assertEquals(expected, hits(search(client(), "shop")));

        // byte-identical _source, re-PUT as JSON: binary fields come back as base64 text from now on
        ModelIndex index = internalCluster().getInstance(ModelIndex.class);
        for (String id : index.documents("shop").keySet()) {
            GetResponse get = client().prepareGet(ModelIndex.NAME, id).get();
            client().prepareIndex(ModelIndex.NAME).setId(id).setSource(get.getSourceAsString(), XContentType.JSON).get();
        }
        client().admin().indices().prepareRefresh(ModelIndex.NAME).get();
        StoredModel model = catalog().get("shop");
        assertTrue(client().prepareGet(ModelIndex.NAME, ModelIndex.chunkId("shop", model.sha256(), 0)).get().getSourceAsMap()
            .get("data") instanceof String);

        internalCluster().fullRestart();
        ensureGreen(INDEX, ModelIndex.NAME);
        assertEquals(expected, hits(search(client(), "shop")));
        assertEquals(List.of(), get("shop").problems("shop"));
        assertEquals("noop", put(client(), "shop", zip).result());
        assertStoreMatchesCatalog();
    }

    public void testAMissingChunkIsReportedAndTheSameBytesRepairIt() throws Exception {
        indexProducts(1, 0);
        byte[] zip = TestBundles.zip(TestBundles.standard(createTempDir(), "shop"));
        put(client(), "shop", zip);
        StoredModel model = catalog().get("shop");
        String chunk = ModelIndex.chunkId("shop", model.sha256(), 0);
        client().prepareDelete(ModelIndex.NAME, chunk).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get();

        String reason = "[prectr] stored bundle [shop] version [1] misses the chunk [" + chunk + "] in [.prectr-models]";
        assertEquals(List.of(reason), get("shop").problems("shop"));
        assertEquals(List.of("[prectr] stored bundle [shop] version [1] misses the documents [" + chunk + "] in [.prectr-models]"),
            list().problems("shop"));
        // not the client's fault: a 500 that names the chunk
        assertEquals(reason, searchFailure(RestStatus.INTERNAL_SERVER_ERROR));
        StatsAction.NodeResponse stats = stats();
        assertEquals(List.of(new StoredModels.LoadFailure("shop", 1, model.sha256(), reason)), stats.failures());
        GetModelsAction.Response get = get("shop");
        assertEquals(reason, get.nodes().get(0).loadError());
        assertTrue(get.problems("shop").contains("node [" + get.nodes().get(0).nodeName() + "] cannot load it: " + reason));

        assertEquals("repaired", put(client(), "shop", zip).result());
        assertStoreMatchesCatalog();
        assertEquals(hits(search(client(), "ref-standard")), hits(search(client(), "shop")));
        assertEquals(List.of(), stats().failures());
        assertEquals(List.of(), get("shop").problems("shop"));
        assertEquals(List.of(), list().problems("shop"));
        assertEquals("noop", put(client(), "shop", zip).result());
        assertEquals(1, catalog().get("shop").version());
    }

    public void testADamagedChunkFailsTheHashCheckAndIsRepaired() throws Exception {
        indexProducts(1, 0);
        byte[] zip = TestBundles.zip(TestBundles.standard(createTempDir(), "shop"));
        put(client(), "shop", zip);
        StoredModel model = catalog().get("shop");
        String chunk = ModelIndex.chunkId("shop", model.sha256(), 0);
        client().prepareIndex(ModelIndex.NAME).setId(chunk).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).setSource(Map.of(
            "kind", "chunk", "name", "shop", "sha256", model.sha256(), "chunk", 0, "data", new byte[] {1, 2, 3})).get();
        String problem = get("shop").problems("shop").get(0);
        assertTrue(problem, problem.startsWith("[prectr] stored bundle [shop] version [1] sha256: expected [" + model.sha256()
            + "] but found ["));
        assertEquals(problem, searchFailure(RestStatus.INTERNAL_SERVER_ERROR));
        assertEquals("repaired", put(client(), "shop", zip).result());
        assertEquals(hits(search(client(), "ref-standard")), hits(search(client(), "shop")));
    }

    public void testAMissingIndexIsReportedAndTheSameBytesRestoreIt() throws Exception {
        indexProducts(1, 0);
        byte[] zip = TestBundles.zip(TestBundles.standard(createTempDir(), "shop"));
        put(client(), "shop", zip);
        List<String> expected = hits(search(client(), "shop"));
        assertAcked(client().admin().indices().prepareDelete(ModelIndex.NAME));

        // the loaded copy keeps serving, but the loss is reported at once
        assertEquals(expected, hits(search(client(), "shop")));
        assertBusy(() -> assertTrue(stats().storeIndexMissing()));
        assertEquals(List.of(ModelIndex.missingIndex()), get("shop").problems("shop"));
        assertEquals(List.of(ModelIndex.missingIndex()), list().problems("shop"));

        internalCluster().fullRestart();
        ensureGreen(INDEX);
        String failure = searchFailure(RestStatus.INTERNAL_SERVER_ERROR);
        assertTrue(failure, failure.startsWith(ModelIndex.missingIndex()));
        assertTrue(stats().storeIndexMissing());

        assertEquals("repaired", put(client(), "shop", zip).result());
        assertEquals(expected, hits(search(client(), "shop")));
        assertFalse(stats().storeIndexMissing());
        assertEquals(List.of(), get("shop").problems("shop"));
        assertStoreMatchesCatalog();
    }

    private String searchFailure(RestStatus status) {
        // a bundle that cannot be loaded fails the search once, in the coordinating node's rewrite (issue 11),
        // or, on the per-shard path, as shard failures: either way a 500 with the store's reason
        Exception e = expectThrows(Exception.class, () -> search(client(), "shop"));
        assertEquals(e.toString(), status, ExceptionsHelper.status(e));
        Throwable cause = e instanceof SearchPhaseExecutionException s && s.shardFailures().length > 0
            ? s.shardFailures()[0].getCause() : e;
        return ExceptionsHelper.unwrapCause(cause).getMessage();
    }

    private GetModelsAction.Response get(String name) {
        return client().execute(GetModelsAction.GET, new GetModelsAction.Request(name)).actionGet();
    }

    private GetModelsAction.Response list() {
        return client().execute(GetModelsAction.LIST, new GetModelsAction.Request((String) null)).actionGet();
    }

    private StatsAction.NodeResponse stats() {
        StatsAction.NodesResponse response = client().execute(StatsAction.INSTANCE, new StatsAction.NodesRequest()).actionGet();
        assertFalse(response.hasFailures());
        return response.getNodes().get(0);
    }
}
