package org.prectr.elasticsearch.shard;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.elasticsearch.ElasticsearchException;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceOptions;

/**
 * The node's loaded model bundles, as in the OpenSearch plugin: one shared copy of each, loaded lazily
 * on first use from {@code prectr.model_dir} (default {@code config/prectr/models}), then the plugin's
 * own {@code models/} folder, and closed when the plugin closes. A bad bundle is refused with an error
 * naming the bundle and the problem and is not remembered. ONNX Runtime failures, including a native
 * {@link LinkageError}, become exceptions here: an {@link Error} in a search thread would halt the node.
 * The folders it may read and the native libraries it may load are the plugin's entitlement-policy.yaml.
 */
public final class ModelBundleRegistry implements Closeable {

    private static final Logger LOGGER = LogManager.getLogger(ModelBundleRegistry.class);

    private final List<Path> roots;
    private final InferenceOptions options;
    private final Map<String, ModelBundle> loaded = new ConcurrentHashMap<>();
    private final Map<String, Object> loadLocks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param modelDir the node's {@code prectr.model_dir}
     * @param pluginModels the plugin's own {@code models/} folder
     * @param options how ONNX Runtime sessions run
     */
    public ModelBundleRegistry(Path modelDir, Path pluginModels, InferenceOptions options) {
        this.roots = List.of(modelDir.toAbsolutePath().normalize(), pluginModels.toAbsolutePath().normalize());
        this.options = options;
    }

    /**
     * @param name a bundle name
     * @return the shared loaded bundle (owned by the registry: callers must not close it)
     * @throws IllegalArgumentException (400) when the name is invalid or no folder holds it
     * @throws ElasticsearchException (500) when the bundle exists but cannot be loaded
     */
    public ModelBundle acquire(String name) {
        BundleNames.validate("prectr] [model", name);
        ModelBundle bundle = loaded.get(name);
        if (bundle != null) {
            return bundle;
        }
        synchronized (loadLocks.computeIfAbsent(name, n -> new Object())) {
            bundle = loaded.get(name);
            if (bundle != null) {
                return bundle;
            }
            ensureOpen();
            Path dir = locate(name);
            bundle = load(name, dir);
            loaded.put(name, bundle);
            if (closed) {
                loaded.remove(name);
                closeQuietly(name, bundle);
                ensureOpen();
            }
            LOGGER.info("loaded prectr model bundle [{}] from [{}]", name, dir);
            return bundle;
        }
    }

    /** @return the folders searched, in order */
    public List<Path> roots() {
        return roots;
    }

    private Path locate(String name) {
        for (Path root : roots) {
            Path dir = root.resolve(name).normalize();
            // The name pattern already forbids separators and "..": this is a second line of defence.
            if (dir.getParent() != null && dir.getParent().equals(root) && Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalArgumentException("[prectr] [model] bundle [" + name
            + "] was not found in [prectr.model_dir] or the plugin's models folder: " + roots);
    }

    private ModelBundle load(String name, Path dir) {
        try {
            return ModelBundle.load(dir, options);
        } catch (InvalidBundleException e) {
            throw new ElasticsearchException("[prectr] model bundle [" + name + "] at [" + dir + "] is invalid: " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw new ElasticsearchException("[prectr] model bundle [" + name + "] at [" + dir + "] cannot be loaded: "
                + "ONNX Runtime cannot run on this node: " + e, e);
        } catch (RuntimeException e) {
            throw new ElasticsearchException("[prectr] model bundle [" + name + "] at [" + dir + "] cannot be loaded: "
                + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("[prectr] model bundle registry is closed");
        }
    }

    /** Closes every loaded bundle; later {@link #acquire} calls fail. */
    @Override
    public void close() {
        closed = true;
        for (String name : new ArrayList<>(loaded.keySet())) {
            ModelBundle bundle = loaded.remove(name);
            if (bundle != null) {
                closeQuietly(name, bundle);
            }
        }
    }

    private static void closeQuietly(String name, ModelBundle bundle) {
        try {
            bundle.close();
        } catch (RuntimeException | LinkageError e) {
            LOGGER.warn("failed to close prectr model bundle [" + name + "]", e);
        }
    }
}
