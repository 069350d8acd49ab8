package org.prectr.opensearch.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.search.SearchPhaseExecutionException;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.BundleManifestJson;
import org.prectr.opensearch.stats.RescoreGuard;
import org.prectr.opensearch.stats.StatsAction;

/**
 * The {@code prectr} circuit breaker on one node whose limit holds one bundle plus a 20-row window:
 * folder bundles count in it like uploaded ones. The folder bundle {@code ref-standard} loads and
 * serves a 10-row window and stays reserved (listed in the stats' {@code folder_models}); a second
 * folder bundle, a stored bundle and a 100-row window are then refused with 429s naming what was asked;
 * nothing else stays reserved.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class ModelStoreBreakerTests extends ModelStoreTestCase {

    /** @return the summed file size of a fresh copy of {@code ref-standard}: what its load reserves */
    private static long folderBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path file : files.toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private Path reference() throws IOException {
        return TestBundles.standard(createTempDir(), "ref-standard");
    }

    private long bundleBytes() throws IOException {
        return folderBytes(reference());
    }

    private long windowBytes(int rows) throws IOException {
        try {
            BundleManifest manifest = BundleManifestJson.read(reference().resolve("manifest.json"));
            return RescoreGuard.windowBytes(manifest, rows);
        } catch (org.prectr.core.bundle.InvalidBundleException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        try {
            return Settings.builder().put(super.nodeSettings(nodeOrdinal))
                .put("prectr.breaker.limit", (bundleBytes() + windowBytes(20)) + "b").build();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public void testFolderAndStoredLoadsAndWindowsOverTheLimitAreRefused() throws Exception {
        indexProducts(1, 0);
        long folder = bundleBytes();
        long limit = folder + windowBytes(20);
        String limitText = "[" + limit + "/" + new ByteSizeValue(limit) + "]";

        List<String> served = hits(search(client(), "ref-standard", 10));
        assertEquals(10, served.size());
        StatsAction.NodeResponse stats = stats();
        // the index has no stored embeddings: the items encoded at query time are kept in the item encoding
        // cache, whose bytes are in the breaker too
        assertTrue(stats.stats().cacheBytes() > 0);
        assertEquals("the folder bundle and the item encoding cache stay reserved", folder + stats.stats().cacheBytes(),
            stats.breakerUsed());
        assertEquals(List.of("ref-standard"), stats.folders().stream().map(StoredModels.FolderModel::name).toList());
        assertEquals(folder, stats.folders().get(0).estimatedBytes());

        String variant = breakerFailure(() -> search(client(), "ref-variant", 10));
        assertTrue(variant, variant.startsWith("[prectr] Data too large, data for [prectr model [ref-variant] from folder ["));
        assertTrue(variant, variant.endsWith("], which is larger than the limit of " + limitText));

        put(client(), "big", TestBundles.zip(TestBundles.standard(createTempDir(), "big")));
        long unpacked = catalog().get("big").unpackedBytes();
        long held = folder + stats.stats().cacheBytes();
        assertEquals("[prectr] Data too large, data for [prectr model [big] version [1]] would be [" + (held + unpacked) + "/"
            + new ByteSizeValue(held + unpacked) + "], which is larger than the limit of " + limitText,
            breakerFailure(() -> search(client(), "big", 10)));

        SearchPhaseExecutionException e = expectThrows(SearchPhaseExecutionException.class, () -> search(client(), "ref-standard", 100));
        String message = ExceptionsHelper.unwrapCause(e.shardFailures()[0].getCause()).getMessage();
        assertTrue(message, message.startsWith("[prectr] Data too large, data for [prectr rescore window of ["));
        assertTrue(message, message.contains(" hits for model [ref-standard]]"));
        assertEquals(RestStatus.TOO_MANY_REQUESTS, e.status());

        stats = stats();
        assertEquals("only the folder bundle and the item encoding cache stay reserved", folder + stats.stats().cacheBytes(),
            stats.breakerUsed());
        assertEquals(List.of("ref-standard"), stats.folders().stream().map(StoredModels.FolderModel::name).toList());
        // the refused loads fail in the coordinating node's rewrite, before any shard works: only the window counts
        assertEquals(1L, (long) stats.stats().errors().get("circuit_breaker"));
    }

    private static StatsAction.NodeResponse stats() {
        return client().execute(StatsAction.INSTANCE, new StatsAction.NodesRequest()).actionGet().getNodes().get(0);
    }

    /** A refused bundle load fails in the coordinating node's rewrite; a refused window on the shard. */
    private static String breakerFailure(ThrowingRunnable search) {
        Exception e = expectThrows(Exception.class, search);
        assertEquals(e.toString(), RestStatus.TOO_MANY_REQUESTS, ExceptionsHelper.status(e));
        return e instanceof SearchPhaseExecutionException phase && phase.shardFailures().length > 0
            ? ExceptionsHelper.unwrapCause(phase.shardFailures()[0].getCause()).getMessage()
            : ExceptionsHelper.unwrapCause(e).getMessage();
    }
}
