package org.prectr.opensearch.shard;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchException;
import org.opensearch.common.lease.Releasable;
import org.opensearch.common.util.io.IOUtils;
import org.opensearch.secure_sm.AccessController;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.opensearch.breaker.PrectrBreaker;
import org.prectr.opensearch.models.StoredModels;

/**
 * The node's model bundles behind one API: an uploaded bundle (the model store) first, else one shared
 * copy of a folder bundle, loaded on first use. A folder name is looked up in {@code prectr.model_dir}
 * first, then in the plugin's own {@code models/} folder (the default bundle ships in the plugin zip).
 *
 * <p>Ownership: every bundle, whatever its source, is a {@link LoadedBundle} made by the node's
 * {@link LoadedBundles} (breaker bytes, reference count, leases). This registry owns the folder
 * bundles' references and retires them when it closes; the store owns the uploads'. A search holds a
 * {@link #lease} around its ONNX Runtime calls, so no bundle is closed under it.
 *
 * <p>Failure policy: a bad bundle is refused with an error naming the bundle and the problem, and is
 * not remembered, so an operator can fix the files and the next request loads them; the node keeps
 * serving the other bundles. ONNX Runtime failures, including a native {@link LinkageError}, are turned
 * into exceptions here: an {@link Error} escaping into a search thread would halt the node.
 */
public final class ModelBundleRegistry implements Closeable {

    private static final Logger LOGGER = LogManager.getLogger(ModelBundleRegistry.class);

    private final List<Path> roots;
    private final LoadedBundles bundles;
    /** Bundles uploaded through the model API; they take precedence over folders (null: none, in unit tests). */
    private final StoredModels stored;
    /** The folder bundles, each holding the registry's one reference. */
    private final Map<String, LoadedBundle> loaded = new ConcurrentHashMap<>();
    private final Map<String, Object> loadLocks = new ConcurrentHashMap<>();
    /** The thread that loaded each folder bundle, so a test can prove that no search thread waited on a load. */
    private final Map<String, String> loadThreads = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A registry of folder bundles only, with a breaker that accounts nothing (unit tests).
     *
     * @param modelDir the node's {@code prectr.model_dir}
     * @param pluginModels the plugin's own {@code models/} folder
     * @param options how ONNX Runtime sessions run
     */
    public ModelBundleRegistry(Path modelDir, Path pluginModels, InferenceOptions options) {
        this(modelDir, pluginModels, new LoadedBundles(options, new PrectrBreaker()), null);
    }

    /**
     * @param modelDir the node's {@code prectr.model_dir}
     * @param pluginModels the plugin's own {@code models/} folder
     * @param bundles the node's loaded bundles (the same as the store's)
     * @param stored the bundles uploaded through the model API, looked up first; null for none
     */
    public ModelBundleRegistry(Path modelDir, Path pluginModels, LoadedBundles bundles, StoredModels stored) {
        this.roots = List.of(modelDir.toAbsolutePath().normalize(), pluginModels.toAbsolutePath().normalize());
        this.bundles = bundles;
        this.stored = stored;
    }

    /**
     * Returns the loaded bundle of that name, loading it on first use. The bundle stays owned by the
     * registry or the store: callers must not close it, and must {@link #lease} it around model calls.
     *
     * @param name a bundle name
     * @return the shared loaded bundle
     * @throws IllegalArgumentException (400) when the name is invalid or no folder holds it
     * @throws OpenSearchException (500) when the bundle exists but cannot be loaded
     * @throws org.opensearch.core.common.breaker.CircuitBreakingException (429) when loading it would pass the breaker's limit
     * @throws IllegalStateException when the registry is closed
     */
    public ModelBundle acquire(String name) {
        BundleNames.validate("prectr] [model", name);
        if (stored != null) {
            // the current uploaded copy (checked against the cluster state at every call), else the folders
            ModelBundle fromStore = stored.acquire(name);
            if (fromStore != null) {
                return fromStore;
            }
        }
        LoadedBundle bundle = loaded.get(name);
        if (bundle != null) {
            return bundle.bundle();
        }
        // One load per name at a time; other names load in parallel.
        synchronized (loadLocks.computeIfAbsent(name, n -> new Object())) {
            bundle = loaded.get(name);
            if (bundle != null) {
                return bundle.bundle();
            }
            ensureOpen();
            int root = locate(name);
            Path dir = roots.get(root).resolve(name).normalize();
            // folder bundles count in the prectr breaker like uploaded ones: their file size, refused with a 429 over the limit
            long bytes = folderBytes(dir);
            LoadedBundle.Origin origin = new LoadedBundle.Origin(name, root == 0 ? LoadedBundle.Source.MODEL_DIR
                : LoadedBundle.Source.PLUGIN, "model bundle [" + name + "] at [" + dir + "]",
                "prectr model [" + name + "] from folder [" + dir + "]");
            loadThreads.put(name, Thread.currentThread().getName());
            bundle = bundles.load(origin, bytes, null, () -> dir, () -> {
                if (stored != null) {
                    stored.folderUnloaded(name);
                }
            });
            loaded.put(name, bundle);
            if (stored != null) {
                stored.folderLoaded(new StoredModels.FolderModel(name, dir.toString(), bytes));
            }
            if (closed) {
                // close() ran while we loaded: it did not see this bundle, so retire it here.
                loaded.remove(name, bundle);
                bundle.retireAndLog();
                ensureOpen();
            }
            LOGGER.info("loaded prectr model bundle [{}] from [{}]", name, dir);
            return bundle.bundle();
        }
    }

    /**
     * Whether {@link #acquire} would return at once, without loading: lets the rescorer's rewrite load
     * a bundle on the plugin's pool before any search thread needs it.
     *
     * @param name a bundle name
     * @return whether the bundle of that name is loaded now (the current copy, for an uploaded one)
     */
    public boolean isLoaded(String name) {
        if (stored != null && stored.isStored(name)) {
            return stored.isCurrentLoaded(name);
        }
        return loaded.containsKey(name);
    }

    /**
     * Holds a bundle open while ONNX Runtime runs on it, whatever its source: a bundle replaced or
     * unloaded meanwhile is closed only when its last lease ends.
     *
     * @param bundle a bundle from {@link #acquire}
     * @return the lease, to close when the model calls are done; closing it twice is harmless
     * @throws org.opensearch.OpenSearchStatusException (503, retryable) when the bundle was closed since it was acquired
     */
    public Releasable lease(ModelBundle bundle) {
        return bundles.lease(bundle);
    }

    /** @return the node's loaded bundles, every source */
    public LoadedBundles bundles() {
        return bundles;
    }

    /** @return the plugin's breaker */
    public PrectrBreaker breaker() {
        return bundles.breaker();
    }

    /** @return the uploaded bundles, or null when there is no store */
    public StoredModels stored() {
        return stored;
    }

    /** @return the folders searched, in order */
    public List<Path> roots() {
        return roots;
    }

    /**
     * @param name a folder bundle name
     * @return the name of the thread that last loaded it, or null // visible for testing
     */
    public String loadThread(String name) {
        return loadThreads.get(name);
    }

    /** @return the names of the folder bundles loaded now // visible for testing */
    public List<String> loadedNames() {
        return List.copyOf(new java.util.TreeSet<>(loaded.keySet()));
    }

    /** @return the index in {@link #roots} of the folder that holds the bundle */
    private int locate(String name) {
        Integer found = AccessController.doPrivileged(() -> {
            for (int i = 0; i < roots.size(); i++) {
                Path root = roots.get(i);
                Path dir = root.resolve(name).normalize();
                // The name pattern already forbids separators and "..": this is a second line of defence.
                if (dir.getParent() != null && dir.getParent().equals(root) && Files.isDirectory(dir)) {
                    return i;
                }
            }
            return null;
        });
        if (found == null) {
            throw new IllegalArgumentException("[prectr] [model] bundle [" + name
                + "] was not found in [prectr.model_dir] or the plugin's models folder: " + roots);
        }
        return found;
    }

    /** @return the summed size of the folder's files, the estimate of the bundle's memory (as for uploaded bundles) */
    private static long folderBytes(Path dir) {
        return AccessController.doPrivileged(() -> {
            try (var files = Files.list(dir)) {
                long total = 0;
                for (Path file : files.toList()) {
                    if (Files.isRegularFile(file)) {
                        total += Files.size(file);
                    }
                }
                return total;
            } catch (java.io.IOException e) {
                throw new OpenSearchException("[prectr] model bundle folder [" + dir + "] cannot be read: " + e.getMessage(), e);
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("[prectr] model bundle registry is closed");
        }
    }

    /**
     * Retires every bundle, uploads and folders; later {@link #acquire} calls fail. A bundle still leased
     * closes when its last lease ends and is logged as a leak. IOUtils-style: every bundle is retired,
     * the first failure to close one is rethrown with the others suppressed.
     *
     * @throws IOException the first failure to close a bundle
     */
    @Override
    public void close() throws IOException {
        closed = true;
        List<Closeable> owners = new ArrayList<>();
        if (stored != null) {
            owners.add(stored);
        }
        for (String name : List.copyOf(loaded.keySet())) {
            LoadedBundle bundle = loaded.remove(name);
            if (bundle != null) {
                owners.add(bundle::retire);
            }
        }
        try {
            IOUtils.close(owners);
        } finally {
            bundles.reportLeaks();
        }
    }
}
