package org.prectr.opensearch.shard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.opensearch.OpenSearchException;
import org.opensearch.test.OpenSearchTestCase;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.InferenceException;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.onnx.DeterministicBundleWriter;

/**
 * The registry against real bundles written by prectr-onnx and real ONNX Runtime: lookup order, one
 * shared copy under concurrent first use, names that cannot leave their folder, a bad bundle refused
 * while the good one keeps serving, and everything closed with the registry.
 */
public class ModelBundleRegistryTests extends OpenSearchTestCase {

    private Path modelDir;
    private Path pluginModels;
    private ModelBundleRegistry registry;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        modelDir = createTempDir().resolve("models");
        pluginModels = createTempDir().resolve("plugin-models");
        Files.createDirectories(modelDir);
        Files.createDirectories(pluginModels);
        registry = new ModelBundleRegistry(modelDir, pluginModels, InferenceOptions.DEFAULT);
    }

    @Override
    public void tearDown() throws Exception {
        registry.close();
        super.tearDown();
    }

    public void testModelDirComesBeforeThePluginFolder() throws Exception {
        DeterministicBundleWriter.write(modelDir, "esci-demo");
        DeterministicBundleWriter.write(pluginModels, "esci-demo");
        DeterministicBundleWriter.write(pluginModels, "shipped");
        assertEquals(modelDir.resolve("esci-demo").toAbsolutePath().normalize(), registry.acquire("esci-demo").dir().toAbsolutePath().normalize());
        assertEquals(pluginModels.resolve("shipped").toAbsolutePath().normalize(), registry.acquire("shipped").dir().toAbsolutePath().normalize());
        assertEquals(List.of("esci-demo", "shipped"), registry.loadedNames());
    }

    public void testOneSharedCopyUnderConcurrentFirstUse() throws Exception {
        DeterministicBundleWriter.write(modelDir, "esci-demo");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ModelBundle>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return registry.acquire("esci-demo");
                }));
            }
            start.countDown();
            ModelBundle first = futures.get(0).get(60, TimeUnit.SECONDS);
            for (Future<ModelBundle> future : futures) {
                assertSame(first, future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    public void testNamesCannotLeaveTheirFolder() {
        for (String name : List.of("../models", "a/b", "..", "/etc", "A", "")) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> registry.acquire(name));
            assertEquals("[prectr] [model] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [" + name + "]", e.getMessage());
        }
    }

    public void testMissingBundleIsARequestError() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> registry.acquire("nope"));
        assertEquals("[prectr] [model] bundle [nope] was not found in [prectr.model_dir] or the plugin's models folder: "
            + List.of(modelDir.toAbsolutePath().normalize(), pluginModels.toAbsolutePath().normalize()), e.getMessage());
    }

    public void testBadBundleIsRefusedAndTheGoodOneKeepsServing() throws Exception {
        DeterministicBundleWriter.write(modelDir, "esci-demo");
        Path broken = DeterministicBundleWriter.write(modelDir, "broken");
        Files.write(broken.resolve("scorer.onnx"), new byte[] {1, 2, 3});
        OpenSearchException e = expectThrows(OpenSearchException.class, () -> registry.acquire("broken"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("[prectr] model bundle [broken] at [" + broken.toAbsolutePath().normalize()
            + "] is invalid: [scorer.onnx] "));
        assertEquals(List.of(), registry.loadedNames());
        ModelBundle good = registry.acquire("esci-demo");
        assertEquals(4, good.scorer().prepare("mens slippers", UserContext.anonymous()).features().userPreference().length);
        // The failure is not remembered: once fixed on disk, the next request loads it.
        DeterministicBundleWriter.write(modelDir, "broken");
        assertEquals("broken", registry.acquire("broken").manifest().name());
    }

    public void testCloseClosesEveryBundleAndRefusesLaterUse() throws Exception {
        DeterministicBundleWriter.write(modelDir, "esci-demo");
        ModelBundle bundle = registry.acquire("esci-demo");
        registry.close();
        assertEquals(List.of(), registry.loadedNames());
        InferenceException closed = expectThrows(InferenceException.class,
            () -> bundle.scorer().prepare("mens slippers", UserContext.anonymous()));
        assertTrue(closed.getMessage(), closed.getMessage().endsWith("is closed"));
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> registry.acquire("esci-demo"));
        assertEquals("[prectr] model bundle registry is closed", e.getMessage());
    }
}
