package org.prectr.opensearch.shard;

import java.io.Closeable;
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
import org.opensearch.secure_sm.AccessController;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.opensearch.models.StoredModels;

/**
 * The node's loaded model bundles: one shared copy of each, loaded lazily on first use and closed
 * when the plugin closes. A name is looked up in {@code prectr.model_dir} first, then in the plugin's
 * own {@code models/} folder (the default bundle ships in the plugin zip).
 *
 * <p>Failure policy: a bad bundle is refused with an error naming the bundle and the problem, and is
 * not remembered, so an operator can fix the files and the next request loads them; the node keeps
 * serving the other bundles. ONNX Runtime failures, including a native {@link LinkageError}, are turned
 * into exceptions here: an {@link Error} escaping into a search thread would halt the node.
 */
public final class ModelBundleRegistry implements Closeable {

    private static final Logger LOGGER = LogManager.getLogger(ModelBundleRegistry.class);

    private final List<Path> roots;
    private final InferenceOptions options;
    /** Bundles uploaded through the model API; they take precedence over folders (null: none, in unit tests). */
    private final StoredModels stored;
    private final Map<String, ModelBundle> loaded = new ConcurrentHashMap<>();
    private final Map<String, Object> loadLocks = new ConcurrentHashMap<>();
    /** Breaker bytes of the loaded folder bundles, released when the registry closes. */
    private final Map<String, Releasable> folderReservations = new ConcurrentHashMap<>();
    /** The thread that loaded each folder bundle, so a test can prove that no search thread waited on a load. */
    private final Map<String, String> loadThreads = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param modelDir the node's {@code prectr.model_dir}
     * @param pluginModels the plugin's own {@code models/} folder
     * @param options how ONNX Runtime sessions run
     */
    public ModelBundleRegistry(Path modelDir, Path pluginModels, InferenceOptions options) {
        this(modelDir, pluginModels, options, null);
    }

    /**
     * @param modelDir the node's {@code prectr.model_dir}
     * @param pluginModels the plugin's own {@code models/} folder
     * @param options how ONNX Runtime sessions run
     * @param stored the bundles uploaded through the model API, looked up first; null for none
     */
    public ModelBundleRegistry(Path modelDir, Path pluginModels, InferenceOptions options, StoredModels stored) {
        this.roots = List.of(modelDir.toAbsolutePath().normalize(), pluginModels.toAbsolutePath().normalize());
        this.options = options;
        this.stored = stored;
    }

    /**
     * Returns the loaded bundle of that name, loading it on first use. The bundle stays owned by the
     * registry: callers must not close it.
     *
     * @param name a bundle name
     * @return the shared loaded bundle
     * @throws IllegalArgumentException (400) when the name is invalid or no folder holds it
     * @throws OpenSearchException (500) when the bundle exists but cannot be loaded
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
        ModelBundle bundle = loaded.get(name);
        if (bundle != null) {
            return bundle;
        }
        // One load per name at a time; other names load in parallel.
        synchronized (loadLocks.computeIfAbsent(name, n -> new Object())) {
            bundle = loaded.get(name);
            if (bundle != null) {
                return bundle;
            }
            ensureOpen();
            Path dir = locate(name);
            // folder bundles count in the prectr breaker like uploaded ones: their file size, refused with a 429 over the limit
            long bytes = folderBytes(dir);
            Releasable reservation = stored == null ? () -> {}
                : stored.breaker().reserve(bytes, "prectr model [" + name + "] from folder [" + dir + "]");
            try {
                loadThreads.put(name, Thread.currentThread().getName());
                bundle = load(name, dir);
            } catch (RuntimeException e) {
                reservation.close();
                throw e;
            }
            loaded.put(name, bundle);
            folderReservations.put(name, reservation);
            if (stored != null) {
                stored.folderLoaded(new StoredModels.FolderModel(name, dir.toString(), bytes));
            }
            if (closed) {
                // close() ran while we loaded: it did not see this bundle, so release it here.
                loaded.remove(name);
                closeQuietly(name, bundle);
                releaseFolder(name);
                ensureOpen();
            }
            LOGGER.info("loaded prectr model bundle [{}] from [{}]", name, dir);
            return bundle;
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
     * Holds a bundle open while a search runs ONNX Runtime on it: an uploaded bundle replaced meanwhile
     * is closed only when its last lease ends.
     *
     * @param bundle a bundle from {@link #acquire}
     * @return the lease, to close when the model calls are done
     */
    public Releasable lease(ModelBundle bundle) {
        return stored == null ? () -> {} : stored.lease(bundle);
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

    /** @return the names of the bundles loaded now // visible for testing */
    public List<String> loadedNames() {
        return List.copyOf(new java.util.TreeSet<>(loaded.keySet()));
    }

    private Path locate(String name) {
        Path found = AccessController.doPrivileged(() -> {
            for (Path root : roots) {
                Path dir = root.resolve(name).normalize();
                // The name pattern already forbids separators and "..": this is a second line of defence.
                if (dir.getParent() != null && dir.getParent().equals(root) && Files.isDirectory(dir)) {
                    return dir;
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

    private void releaseFolder(String name) {
        Releasable reservation = folderReservations.remove(name);
        if (reservation != null) {
            reservation.close();
        }
        if (stored != null) {
            stored.folderUnloaded(name);
        }
    }

    private ModelBundle load(String name, Path dir) {
        try {
            return AccessController.doPrivilegedChecked(() -> {
                try {
                    return ModelBundle.load(dir, options);
                } catch (LinkageError e) {
                    throw new IllegalStateException("ONNX Runtime cannot run on this node: " + e, e);
                }
            });
        } catch (InvalidBundleException e) {
            throw new OpenSearchException("[prectr] model bundle [" + name + "] at [" + dir + "] is invalid: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new OpenSearchException("[prectr] model bundle [" + name + "] at [" + dir + "] cannot be loaded: " + e.getMessage(), e);
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
        if (stored != null) {
            stored.close();
        }
        List<String> names = new ArrayList<>(loaded.keySet());
        for (String name : names) {
            ModelBundle bundle = loaded.remove(name);
            if (bundle != null) {
                closeQuietly(name, bundle);
                releaseFolder(name);
            }
        }
    }

    private static void closeQuietly(String name, ModelBundle bundle) {
        try {
            AccessController.doPrivilegedChecked(bundle::close);
        } catch (Exception | LinkageError e) {
            LOGGER.warn("failed to close prectr model bundle [" + name + "]", e);
        }
    }
}
