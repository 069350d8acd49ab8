package org.prectr.opensearch.models;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchIntegTestCase;

/**
 * The store under node loss and restarts (3 data nodes, a fresh cluster per test): a node stopped
 * while searches run does not fail them (replicas answer, other nodes load the bundle from their copy
 * of the system index) and the store stays intact; after a full cluster restart the bundles, their
 * versions and the store settings are all still there and serve the same scores.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.TEST, numDataNodes = 3, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class ModelStoreResilienceTests extends ModelStoreTestCase {

    public void testStoppingANodeWhileSearchesRun() throws Exception {
        indexProducts(1);
        put(client(), "shop", TestBundles.zip(TestBundles.standard(createTempDir(), "shop")));
        List<String> expected = hits(search(client(), "ref-standard"));
        assertEquals(expected, hits(search(client(), "shop")));
        ensureGreen(ModelIndex.NAME);

        // searches from the cluster manager's client, which is never stopped
        String survivor = internalCluster().getClusterManagerName();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Thread searcher = new Thread(() -> {
            while (running.get()) {
                try {
                    SearchResponse response = search(client(survivor), "shop");
                    if (response.getHits().getTotalHits().value() == 0 || response.getFailedShards() > 0) {
                        problems.add("hits " + response.getHits().getTotalHits() + ", failed shards " + response.getFailedShards());
                    }
                    answered.incrementAndGet();
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            }
        }, "prectr-searcher");
        searcher.start();
        assertBusy(() -> assertTrue(answered.get() >= 3));
        internalCluster().stopRandomNodeNotCurrentClusterManager();
        int atStop = answered.get();
        assertBusy(() -> assertTrue(answered.get() >= atStop + 5));
        running.set(false);
        searcher.join();
        assertEquals(List.of(), problems);

        ensureYellow(INDEX, ModelIndex.NAME);
        assertEquals(expected, hits(search(client(survivor), "shop")));
        assertEquals(1, catalog().get("shop").version());
        assertStoreMatchesCatalog();
    }

    public void testFullClusterRestartKeepsBundlesAndSettings() throws Exception {
        indexProducts(1);
        PutModelAction.Response stored = put(client(), "shop", TestBundles.zip(TestBundles.variant(createTempDir(), "shop")));
        assertAcked(client().admin().cluster().prepareUpdateSettings().setPersistentSettings(Settings.builder()
            .put(ModelStoreSettings.MAX_UPLOAD_SIZE.getKey(), "32mb")));
        List<String> before = hits(search(client(), "shop"));

        internalCluster().fullRestart();
        ensureGreen(INDEX, ModelIndex.NAME);

        StoredModel after = catalog().get("shop");
        assertEquals(stored.model(), after);
        assertEquals("32mb", client().admin().cluster().prepareState().get().getState().metadata().persistentSettings()
            .get(ModelStoreSettings.MAX_UPLOAD_SIZE.getKey()));
        assertStoreMatchesCatalog();
        assertEquals(before, hits(search(client(), "shop")));
        assertEquals(hits(search(client(), "ref-variant")), before);
    }
}
