package org.prectr.opensearch.shard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.opensearch.OpenSearchException;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.common.lease.Releasable;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.io.IOUtils;
import org.opensearch.core.common.breaker.CircuitBreaker;
import org.opensearch.core.common.breaker.CircuitBreakingException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.indices.breaker.BreakerSettings;
import org.opensearch.indices.breaker.HierarchyCircuitBreakerService;
import org.opensearch.test.MockLogAppender;
import org.opensearch.test.OpenSearchTestCase;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.InferenceException;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.onnx.DeterministicBundleWriter;
import org.prectr.opensearch.breaker.PrectrBreaker;

/**
 * One ownership model for every bundle, on real bundles, real ONNX Runtime and a real {@code prectr}
 * breaker: a folder bundle leased by an in-flight use stays open (sessions and breaker bytes) past the
 * registry's close until the lease ends; releasing a lease twice is harmless; shutdown closes every
 * bundle not leased, logs the leased ones as leaks, and closes IOUtils-style (every bundle closed, the
 * first failure rethrown, the others suppressed); a refused or failed load gives its bytes back.
 */
public class BundleOwnershipTests extends OpenSearchTestCase {

    private Path modelDir;
    private Path pluginModels;
    private PrectrBreaker breaker;
    private ModelBundleRegistry registry;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        modelDir = Files.createDirectories(createTempDir().resolve("models"));
        pluginModels = Files.createDirectories(createTempDir().resolve("plugin-models"));
        breaker = breaker(1L << 30);
        registry = new ModelBundleRegistry(modelDir, pluginModels, new LoadedBundles(InferenceOptions.DEFAULT, breaker), null);
    }

    @Override
    public void tearDown() throws Exception {
        registry.close();
        super.tearDown();
    }

    private static PrectrBreaker breaker(long limit) {
        PrectrBreaker breaker = new PrectrBreaker();
        BreakerSettings settings = new BreakerSettings(PrectrBreaker.NAME, limit, 1.0, CircuitBreaker.Type.MEMORY,
            CircuitBreaker.Durability.TRANSIENT);
        HierarchyCircuitBreakerService service = new HierarchyCircuitBreakerService(Settings.EMPTY, List.of(settings),
            new ClusterSettings(Settings.EMPTY, ClusterSettings.BUILT_IN_CLUSTER_SETTINGS));
        breaker.set(service.getBreaker(PrectrBreaker.NAME));
        return breaker;
    }

    private long used() {
        return breaker.breaker().getUsed();
    }

    /** @return the size of the folder's own files, what the registry reserves */
    private static long filesSize(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            long total = 0;
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
            return total;
        }
    }

    /** Runs the model; throws the core's "is closed" error once the sessions are closed. */
    private static int useModel(ModelBundle bundle) {
        return bundle.scorer().prepare("mens slippers", UserContext.anonymous()).features().userPreference().length;
    }

    private static void assertClosed(ModelBundle bundle) {
        InferenceException closed = expectThrows(InferenceException.class, () -> useModel(bundle));
        assertTrue(closed.getMessage(), closed.getMessage().endsWith("is closed"));
    }

    public void testAFolderBundleLeasedByAnInFlightUseIsNotClosedUntilTheLeaseEnds() throws Exception {
        Path dir = DeterministicBundleWriter.write(modelDir, "esci-demo");
        long bytes = filesSize(dir);
        ModelBundle bundle = registry.acquire("esci-demo");
        assertEquals("a folder bundle holds its files' size in the breaker", bytes, used());

        CountDownLatch leased = new CountDownLatch(1);
        CountDownLatch closedRegistry = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread search = new Thread(() -> {
            try (Releasable lease = registry.lease(bundle)) {
                leased.countDown();
                assertTrue(closedRegistry.await(30, TimeUnit.SECONDS));
                outcome.set(useModel(bundle)); // runs ONNX Runtime after the registry closed
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "prectr-in-flight");
        search.start();
        assertTrue(leased.await(30, TimeUnit.SECONDS));
        registry.close();
        assertEquals(List.of(), registry.loadedNames());
        List<LoadedBundle> live = registry.bundles().live(null);
        assertEquals(1, live.size());
        assertTrue(live.get(0).isRetired());
        assertEquals(1, live.get(0).leases());
        assertEquals("the leased bundle keeps its breaker bytes", bytes, used());
        closedRegistry.countDown();
        search.join(30_000);
        assertEquals("the in-flight use ran on open sessions", 4, outcome.get());

        assertClosed(bundle);
        assertEquals(List.of(), registry.bundles().live(null));
        assertEquals("the last lease gave the bytes back", 0, used());
        OpenSearchStatusException late = expectThrows(OpenSearchStatusException.class, () -> registry.lease(bundle));
        assertEquals(RestStatus.SERVICE_UNAVAILABLE, late.status());
        assertEquals("[prectr] model bundle [esci-demo] was replaced or unloaded while the search ran; retry the search",
            late.getMessage());
    }

    public void testReleasingALeaseTwiceIsHarmless() throws Exception {
        DeterministicBundleWriter.write(pluginModels, "shipped");
        ModelBundle bundle = registry.acquire("shipped");
        Releasable first = registry.lease(bundle);
        Releasable second = registry.lease(bundle);
        LoadedBundle loaded = registry.bundles().live(LoadedBundle.Source.PLUGIN).get(0);
        assertEquals(2, loaded.leases());
        first.close();
        first.close();
        assertEquals("a second release does not take another search's reference", 1, loaded.leases());
        registry.close();
        assertEquals(4, useModel(bundle));
        second.close();
        assertClosed(bundle);
        second.close();
        first.close();
        assertEquals(0, loaded.refCount());
        assertEquals(0, used());
        loaded.retire(); // a second retire is harmless too
        assertEquals(0, loaded.refCount());
    }

    public void testShutdownClosesEveryBundleAndLogsTheLeasedOnesAsLeaks() throws Exception {
        DeterministicBundleWriter.write(modelDir, "esci-demo");
        DeterministicBundleWriter.write(pluginModels, "shipped");
        ModelBundle demo = registry.acquire("esci-demo");
        ModelBundle shipped = registry.acquire("shipped");
        assertEquals(List.of(LoadedBundle.Source.MODEL_DIR, LoadedBundle.Source.PLUGIN),
            registry.bundles().live(null).stream().map(b -> b.origin().source()).toList());
        Releasable forgotten = registry.lease(shipped);

        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MockLogAppender log = MockLogAppender.createForLoggers(LogManager.getLogger(LoadedBundles.class))) {
            // MockLogAppender's own expectations only match loggers under org.opensearch: collect ours
            log.addExpectation(new MockLogAppender.LoggingExpectation() {
                @Override
                public void match(LogEvent event) {
                    if (event.getLevel() == Level.WARN && event.getLoggerName().equals(LoadedBundles.class.getName())) {
                        warnings.add(event.getMessage().getFormattedMessage());
                    }
                }

                @Override
                public void assertMatched() {}
            });
            registry.close();
        }
        assertEquals(List.of("leak: prectr model bundle [shipped] at [" + pluginModels.toAbsolutePath().normalize().resolve("shipped")
            + "] is still leased by [1] uses at shutdown; it closes when the last lease ends"), warnings);
        assertClosed(demo);
        assertEquals(4, useModel(shipped));
        assertEquals(List.of("shipped"), registry.bundles().reportLeaks().stream().map(LoadedBundle::name).toList());
        forgotten.close();
        assertClosed(shipped);
        assertEquals(List.of(), registry.bundles().reportLeaks());
        assertEquals(0, used());
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> registry.acquire("esci-demo"));
        assertEquals("[prectr] model bundle registry is closed", e.getMessage());
    }

    public void testClosingIsIOUtilsStyleFirstFailureRethrownTheRestSuppressed() throws Exception {
        LoadedBundles bundles = new LoadedBundles(InferenceOptions.DEFAULT, breaker);
        Path a = DeterministicBundleWriter.write(modelDir, "a");
        Path b = DeterministicBundleWriter.write(modelDir, "b");
        LoadedBundle first = bundles.load(origin("a", a), 10, null, () -> a, () -> {
            throw new IllegalStateException("first failure");
        });
        LoadedBundle second = bundles.load(origin("b", b), 20, null, () -> b, () -> {
            throw new IllegalStateException("second failure");
        });
        assertEquals(30, used());
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> IOUtils.close(first::retire, second::retire));
        assertEquals("first failure", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("second failure", e.getSuppressed()[0].getMessage());
        // every part of both was still closed: sessions, breaker bytes
        assertClosed(first.bundle());
        assertClosed(second.bundle());
        assertEquals(0, used());
        assertEquals(List.of(), bundles.live(null));
    }

    public void testBreakerRefusesALoadOverTheLimitAndAFailedLoadGivesItsBytesBack() throws Exception {
        Path dir = DeterministicBundleWriter.write(modelDir, "esci-demo");
        long bytes = filesSize(dir);
        PrectrBreaker small = breaker(bytes - 1);
        try (ModelBundleRegistry tight = new ModelBundleRegistry(modelDir, pluginModels,
            new LoadedBundles(InferenceOptions.DEFAULT, small), null)) {
            CircuitBreakingException refused = expectThrows(CircuitBreakingException.class, () -> tight.acquire("esci-demo"));
            assertTrue(refused.getMessage(), refused.getMessage().contains("[prectr model [esci-demo] from folder ["));
            assertEquals(0, small.breaker().getUsed());
            assertEquals(List.of(), tight.bundles().live(null));
        }

        Path broken = DeterministicBundleWriter.write(modelDir, "broken");
        Files.write(broken.resolve("scorer.onnx"), new byte[] {1, 2, 3});
        OpenSearchException e = expectThrows(OpenSearchException.class, () -> registry.acquire("broken"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("[prectr] model bundle [broken] at ["));
        assertEquals("a failed load holds no bytes", 0, used());
        assertEquals(List.of(), registry.bundles().live(null));
    }

    private static LoadedBundle.Origin origin(String name, Path dir) {
        return new LoadedBundle.Origin(name, LoadedBundle.Source.MODEL_DIR, "model bundle [" + name + "] at [" + dir + "]",
            "prectr model [" + name + "] from folder [" + dir + "]");
    }
}
