package org.prectr.opensearch.models;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.action.ActionFuture;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.PluginsService;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.prectr.core.rescore.ScoreMode;
import org.prectr.opensearch.PrectrPlugin;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.shard.LoadedBundle;
import org.prectr.opensearch.shard.LoadedBundles;

/**
 * An uploaded bundle is owned like a folder one ({@link LoadedBundle}): replaced by a new upload while
 * a search is parked inside its rescore (holding its lease), the old copy is retired but stays open,
 * the parked search finishes on it with the old version's scores, and the copy closes (sessions,
 * breaker bytes) when that search's lease ends. One node, real ONNX Runtime, the node's rescore probe.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class ModelStoreLeaseTests extends ModelStoreTestCase {

    private PrectrPlugin plugin() {
        return internalCluster().getInstance(PluginsService.class).filterPlugins(PrectrPlugin.class).get(0);
    }

    public void testAReplacedUploadStaysOpenUntilTheSearchUsingItEnds() throws Exception {
        indexProducts(1, 0);
        List<String> standard = hits(search(client(), "ref-standard"));
        List<String> variant = hits(search(client(), "ref-variant"));
        assertNotEquals("the variant must score differently, or this test proves nothing", standard, variant);
        put(client(), "shop", TestBundles.zip(TestBundles.standard(createTempDir(), "shop")));
        assertEquals(standard, hits(search(client(), "shop")));
        LoadedBundles bundles = plugin().services().bundles().bundles();
        // breaker bytes besides the item encoding cache's (which the searches may grow): the folder bundles and version 1
        java.util.function.LongSupplier heldByBundles = () -> bundles.breaker().breaker().getUsed()
            - plugin().services().encodings().sizeInBytes();
        long withV1 = heldByBundles.getAsLong();

        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        plugin().services().probe().set(deadline -> {
            if (checks.incrementAndGet() == 1) {
                parked.countDown();
                try {
                    assertTrue("released", release.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        });
        ActionFuture<SearchResponse> running;
        long v1Bytes;
        try {
            running = client().prepareSearch(INDEX).setSearchType(org.opensearch.action.search.SearchType.QUERY_THEN_FETCH)
                .setQuery(QueryBuilders.matchQuery("title", FIRST_PHASE)).setSize(10)
                .addRescorer(new PrectrRescorerBuilder("shop", QUERY, null, ScoreMode.REPLACE, 1f, 1f), WINDOW).execute();
            assertTrue("the rescore started", parked.await(60, TimeUnit.SECONDS));

            // acknowledged: the node applied it, which retired version 1 while the search holds its lease
            put(client(), "shop", TestBundles.zip(TestBundles.variant(createTempDir(), "shop")));
            List<LoadedBundle> uploads = bundles.live(LoadedBundle.Source.UPLOAD);
            assertEquals(1, uploads.size());
            LoadedBundle v1 = uploads.get(0);
            v1Bytes = v1.estimatedBytes();
            assertTrue(v1.isRetired());
            assertEquals("the parked search's lease", 1, v1.leases());
            assertEquals("stored model [shop] version [1]", v1.origin().what());
            assertTrue("the retired copy keeps its breaker bytes while leased (and the window holds its own)",
                heldByBundles.getAsLong() > withV1);
        } finally {
            release.countDown();
        }
        SearchResponse answered = running.actionGet(60, TimeUnit.SECONDS);
        plugin().services().probe().set(null);
        assertEquals("the parked search finished on version 1", standard, hits(answered));
        assertBusy(() -> assertEquals("version 1 closed with its last lease", List.of(),
            bundles.live(LoadedBundle.Source.UPLOAD).stream().filter(b -> b.origin().what().endsWith("version [1]")).toList()));
        assertEquals("its bytes went with it", withV1 - v1Bytes, heldByBundles.getAsLong());
        assertEquals(variant, hits(search(client(), "shop")));
        assertEquals(1, bundles.live(LoadedBundle.Source.UPLOAD).size());
    }
}
