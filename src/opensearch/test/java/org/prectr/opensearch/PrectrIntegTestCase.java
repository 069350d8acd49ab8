package org.prectr.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.opensearch.common.settings.Settings;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.prectr.onnx.DeterministicBundleWriter;

/**
 * The shared setup of the plugin's cluster tests: every node runs {@link PrectrPlugin} with its own
 * {@code prectr.model_dir}, filled by {@link #writeModels} (by default the deterministic bundle
 * {@value #MODEL} written by prectr-onnx).
 */
public abstract class PrectrIntegTestCase extends OpenSearchIntegTestCase {

    /** The deterministic bundle's name. */
    public static final String MODEL = DeterministicBundleWriter.DEFAULT_NAME;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(PrectrPlugin.class);
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        Path models = createTempDir();
        try {
            writeModels(models);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Settings.builder().put(super.nodeSettings(nodeOrdinal)).put("prectr.model_dir", models.toString()).build();
    }

    /**
     * Writes the bundles a node serves from its {@code prectr.model_dir}.
     *
     * @param models the node's (empty) model folder
     * @throws IOException if a bundle cannot be written
     */
    protected void writeModels(Path models) throws IOException {
        DeterministicBundleWriter.write(models, MODEL);
    }
}
