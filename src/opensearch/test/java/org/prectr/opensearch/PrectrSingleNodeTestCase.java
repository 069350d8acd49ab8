package org.prectr.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.AfterClass;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.IndexService;
import org.opensearch.indices.IndicesService;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.PluginsService;
import org.opensearch.test.OpenSearchSingleNodeTestCase;
import org.prectr.onnx.DeterministicBundleWriter;
import org.prectr.opensearch.shard.PrectrServices;

/**
 * The shared setup of the plugin's single-node tests: the node runs {@link PrectrPlugin} with a
 * {@code prectr.model_dir} holding the deterministic bundle {@value #MODEL} (written once per suite, the
 * node lives for the suite), and the tests reach the plugin's services directly.
 */
public abstract class PrectrSingleNodeTestCase extends OpenSearchSingleNodeTestCase {

    /** The deterministic bundle's name. */
    public static final String MODEL = DeterministicBundleWriter.DEFAULT_NAME;

    private static Path models;

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(PrectrPlugin.class);
    }

    @Override
    protected Settings nodeSettings() {
        if (models == null) {
            models = createTempDir();
            try {
                DeterministicBundleWriter.write(models, MODEL);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return Settings.builder().put(super.nodeSettings()).put("prectr.model_dir", models.toString()).build();
    }

    /** The model folder is the suite's temp dir, removed with it: the next suite writes its own. */
    @AfterClass
    public static void forgetModels() {
        models = null;
    }

    /** @return the index's service on the node */
    public IndexService indexService(String index) {
        return getInstanceFromNode(IndicesService.class).indexServiceSafe(resolveIndex(index));
    }

    /** @return the node's plugin services (bundles, rescored windows, probe) */
    public PrectrServices services() {
        return getInstanceFromNode(PluginsService.class).filterPlugins(PrectrPlugin.class).get(0).services();
    }
}
