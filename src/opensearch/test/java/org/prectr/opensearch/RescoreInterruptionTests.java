package org.prectr.opensearch;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.search.SearchAction;
import org.opensearch.action.search.SearchRequestBuilder;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchType;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.action.ActionFuture;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.PluginsService;
import org.opensearch.search.SearchHit;
import org.opensearch.tasks.TaskInfo;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.rescore.SearchDeadline;
import org.prectr.opensearch.stats.StatsAction;

/**
 * The search {@code timeout} and task cancellation stop a {@code prectr} rescore in its middle: one node,
 * real ONNX Runtime, 1,130 real ESCI products in one shard, a window of 1,000 (the index's
 * {@code max_window_size}) with the item encoder running at query time (no embedding field).
 *
 * <p>Deterministic without timing assertions: the node's rescore probe parks the rescore at its
 * first cancellation check ({@link org.prectr.opensearch.rescore.RescoreProbe}: so the rescore has started and cannot have finished) until the test has
 * cancelled the task or the timeout has passed; then the very next check must stop it, so the probe is
 * reached exactly once, where an uninterrupted rescore of 1,000 rows reaches it 1 + 1000/64 + 2 times.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0)
public class RescoreInterruptionTests extends PrectrIntegTestCase {

    private static final String INDEX = "products";
    private static final int COPIES = 10;
    private static final int WINDOW = 1000;
    private static final String QUERY = "mens slippers";

    private void indexProducts() throws IOException {
        if (indexExists(INDEX)) {
            return;
        }
        Map<String, Map<String, Object>> products = EsciSample.products();
        assertAcked(prepareCreate(INDEX).setSettings(Settings.builder().put("index.number_of_shards", 1)
            .put("index.number_of_replicas", 0).put("index.prectr.model", MODEL)
            .put("index.prectr.max_window_size", WINDOW)).setMapping(EsciSample.MAPPING));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int copy = 0; copy < COPIES; copy++) {
            int c = copy;
            products.forEach((asin, source) -> bulk.add(client().prepareIndex(INDEX).setId(asin + "-" + c).setSource(source)));
        }
        var indexed = bulk.get();
        assertFalse(indexed.buildFailureMessage(), indexed.hasFailures());
        ensureGreen(INDEX);
    }

    /** Sets the hook on every node: the test cluster may add a dedicated cluster-manager node without the shard. */
    private void setProbe(Consumer<SearchDeadline> hook) {
        for (PluginsService plugins : internalCluster().getInstances(PluginsService.class)) {
            for (PrectrPlugin plugin : plugins.filterPlugins(PrectrPlugin.class)) {
                plugin.services().probe().set(hook);
            }
        }
    }

    private SearchRequestBuilder search() {
        // match_all: every product is in the first phase, so the window is full (1,000 of 1,130)
        return client().prepareSearch(INDEX).setSearchType(SearchType.QUERY_THEN_FETCH)
            .setQuery(QueryBuilders.matchAllQuery()).setSize(20);
    }

    private static PrectrRescorerBuilder rescorer() {
        return new PrectrRescorerBuilder(null, QUERY, null, null, 1f, 1f);
    }

    private static long cancelledRescores() {
        StatsAction.NodesResponse stats = client().execute(StatsAction.INSTANCE, new StatsAction.NodesRequest()).actionGet();
        return stats.getNodes().stream().mapToLong(n -> n.stats().errors().get("cancelled")).sum();
    }

    private static List<String> ids(SearchResponse response) {
        return Arrays.stream(response.getHits().getHits()).map(SearchHit::getId).toList();
    }

    public void testTimeoutStopsTheRescoreAndAnswersTheFirstPhaseFlaggedTimedOut() throws Exception {
        indexProducts();
        SearchResponse plain = search().get();
        assertTrue("a full window: " + plain.getHits().getTotalHits(), plain.getHits().getTotalHits().value() > WINDOW);
        SearchResponse rescored = search().addRescorer(rescorer(), WINDOW).get();
        assertFalse(rescored.isTimedOut());
        assertNotEquals("the model reorders the window, so a first-phase answer is recognisable", ids(plain), ids(rescored));

        // Park the rescore at its first check until the search's timeout has passed on the shard's clock.
        AtomicInteger checks = new AtomicInteger();
        AtomicReference<SearchDeadline> seen = new AtomicReference<>();
        setProbe(deadline -> {
            if (checks.incrementAndGet() == 1) {
                seen.set(deadline);
                try {
                    assertBusy(() -> assertTrue(deadline != null && deadline.passed()), 60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        long cancelledBefore = cancelledRescores();
        SearchResponse timedOut;
        try {
            // 1s: far longer than the first phase over 1,130 documents, so it is the rescore that times out
            timedOut = search().addRescorer(rescorer(), WINDOW).setTimeout(TimeValue.timeValueSeconds(1)).get();
        } finally {
            setProbe(null);
        }
        assertNotNull("the rescore saw the search's timeout", seen.get());
        assertEquals(TimeValue.timeValueSeconds(1), seen.get().timeout());
        assertEquals("stopped at the first check after the timeout passed", 1, checks.get());
        assertTrue("flagged timed out", timedOut.isTimedOut());
        assertEquals("no shard failed", 0, timedOut.getFailedShards());
        assertEquals("the first-phase hits, not rescored", ids(plain), ids(timedOut));
        for (int i = 0; i < plain.getHits().getHits().length; i++) {
            assertEquals(plain.getHits().getHits()[i].getScore(), timedOut.getHits().getHits()[i].getScore(), 0f);
        }
        assertEquals("counted with the cancelled rescores", cancelledBefore + 1, cancelledRescores());

        // without the probe and with a generous timeout, the same search rescores in full
        SearchResponse again = search().addRescorer(rescorer(), WINDOW).setTimeout(TimeValue.timeValueMinutes(5)).get();
        assertFalse(again.isTimedOut());
        assertEquals(ids(rescored), ids(again));
    }

    public void testCancelledSearchTaskStopsTheRescore() throws Exception {
        indexProducts();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        setProbe(deadline -> {
            if (checks.incrementAndGet() == 1) {
                entered.countDown();
                try {
                    assertTrue("released", release.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        });
        long cancelledBefore = cancelledRescores();
        ActionFuture<SearchResponse> running = search().addRescorer(rescorer(), WINDOW).execute();
        try {
            assertTrue("the rescore started", entered.await(60, TimeUnit.SECONDS));
            var cancelled = client().admin().cluster().prepareCancelTasks().setActions(SearchAction.NAME).get();
            assertEquals("the search task was cancelled", 1, cancelled.getTasks().size());
            // the shard's query task (the one in the rescore) is cancelled through its parent's ban
            assertBusy(() -> {
                List<TaskInfo> shardTasks = client().admin().cluster().prepareListTasks()
                    .setActions(SearchAction.NAME + "[phase/query]").get().getTasks();
                assertEquals(1, shardTasks.size());
                assertTrue(shardTasks.get(0).isCancelled());
            }, 60, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
        Exception failure = expectThrows(Exception.class, running::actionGet);
        String detail = ExceptionsHelper.stackTrace(failure);
        assertTrue("a cancellation error: " + detail, detail.contains(TaskCancelledException.class.getSimpleName()));
        // the shard's rescore may end just after the client's answer: wait for its count
        assertBusy(() -> assertEquals("counted as a cancelled rescore", cancelledBefore + 1, cancelledRescores()), 60, TimeUnit.SECONDS);
        setProbe(null);
        assertEquals("stopped at the first check after the cancellation", 1, checks.get());

        // the node keeps serving
        SearchResponse after = search().addRescorer(rescorer(), WINDOW).get();
        assertEquals(0, after.getFailedShards());
        assertEquals(20, after.getHits().getHits().length);
    }
}
