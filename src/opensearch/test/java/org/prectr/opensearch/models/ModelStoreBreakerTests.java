package org.prectr.opensearch.models;

import java.util.List;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.search.SearchPhaseExecutionException;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.prectr.opensearch.stats.RescoreGuard;
import org.prectr.opensearch.stats.StatsAction;

/**
 * The {@code prectr} circuit breaker on one node with a 30kb limit: loading a stored bundle of ~2 MB and
 * a 100-row window are refused with 429s naming what was asked; a 10-row window of a folder bundle
 * still serves; nothing stays reserved afterwards.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class ModelStoreBreakerTests extends ModelStoreTestCase {

    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal)).put("prectr.breaker.limit", "30kb").build();
    }

    public void testLoadsAndWindowsOverTheLimitAreRefused() throws Exception {
        indexProducts(1, 0);
        put(client(), "big", TestBundles.zip(TestBundles.standard(createTempDir(), "big")));
        long unpacked = catalog().get("big").unpackedBytes();
        assertEquals("[prectr] Data too large, data for [prectr model [big] version [1]] would be [" + unpacked + "/"
            + new org.opensearch.core.common.unit.ByteSizeValue(unpacked) + "], which is larger than the limit of [30720/30kb]",
            breakerFailure(() -> search(client(), "big", 10)));

        List<String> served = hits(search(client(), "ref-standard", 10));
        assertEquals(10, served.size());

        SearchPhaseExecutionException e = expectThrows(SearchPhaseExecutionException.class, () -> search(client(), "ref-standard", 100));
        String message = ExceptionsHelper.unwrapCause(e.shardFailures()[0].getCause()).getMessage();
        assertTrue(message, message.startsWith("[prectr] Data too large, data for [prectr rescore window of ["));
        assertEquals(RestStatus.TOO_MANY_REQUESTS, e.status());
        assertTrue(RescoreGuard.windowBytes(org.prectr.core.bundle.BundleManifestJson.read(
            TestBundles.standard(createTempDir(), "probe").resolve("manifest.json")), 31) > 30 * 1024);

        StatsAction.NodeResponse stats = client().execute(StatsAction.INSTANCE, new StatsAction.NodesRequest()).actionGet().getNodes().get(0);
        assertEquals("nothing stays reserved", 0, stats.breakerUsed());
        // the refused load fails while the shard request is built, before the rescore: only the window counts
        assertEquals(1L, (long) stats.stats().errors().get("circuit_breaker"));
    }

    private static String breakerFailure(ThrowingRunnable search) {
        SearchPhaseExecutionException e = expectThrows(SearchPhaseExecutionException.class, search);
        assertEquals(e.toString(), RestStatus.TOO_MANY_REQUESTS, e.status());
        return ExceptionsHelper.unwrapCause(e.shardFailures()[0].getCause()).getMessage();
    }
}
