package org.prectr.opensearch.models;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchException;
import org.opensearch.cluster.ClusterChangedEvent;
import org.opensearch.cluster.ClusterStateListener;
import org.opensearch.cluster.service.ClusterApplierService;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.util.io.IOUtils;
import org.opensearch.secure_sm.AccessController;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.opensearch.breaker.PrectrBreaker;
import org.prectr.opensearch.shard.LoadedBundle;
import org.prectr.opensearch.shard.LoadedBundles;
import org.prectr.opensearch.stats.PrectrStats;

/**
 * The node's side of the model store: serves uploaded bundles. On first use of a name that the catalog
 * ({@link ModelsMetadata}, in the locally applied cluster state) holds, it reads the zip from the system
 * index, checks its SHA-256 against the catalog, unpacks it into a node-local cache folder, reserves its
 * size in the {@code prectr} breaker and loads it: one shared copy per name.
 *
 * <p>No stale model: every {@link #acquire} compares the loaded copy's hash with the catalog entry of
 * the applied cluster state (a map lookup: cheap per search), and a cluster-state listener retires
 * copies whose entry changed or went away as soon as the node applies the change. An upload or delete
 * is acknowledged only after every node applied it.
 *
 * <p>No closed session: each loaded copy is a {@link LoadedBundle} of the node's {@link LoadedBundles},
 * reference-counted like a folder bundle. The store holds one reference; a search leases one around its
 * ONNX Runtime calls (through the registry). A retired copy is closed (sessions, cache folder, breaker
 * bytes) when its last lease ends; a lease on a copy already closed is refused with a retryable 503
 * instead of running on a closed session.
 */
public final class StoredModels implements ClusterStateListener, Closeable {

    private static final Logger LOGGER = LogManager.getLogger(StoredModels.class);

    private final LoadedBundles bundles;
    private final PrectrStats stats;
    private final Map<String, Current> current = new ConcurrentHashMap<>();
    /** Folder bundles the registry loaded, for the stats. */
    private final Map<String, FolderModel> folders = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** The last failed load of each name's current catalog entry, until a load succeeds or the entry changes. */
    private final Map<String, LoadFailure> failures = new ConcurrentHashMap<>();
    private volatile boolean indexMissing;
    private volatile ClusterService clusterService;
    /**
     * The catalog of the cluster state this node applied, set by {@link #clusterChanged}. Kept here
     * rather than read from {@code ClusterService.state()}, which must not be called on the cluster
     * applier thread (ingest pipelines are parsed there). A node acknowledges a cluster state only after
     * its listeners ran, so an acknowledged upload or delete is visible here on every node.
     */
    private volatile ModelsMetadata catalog = ModelsMetadata.EMPTY;
    private volatile ModelIndex index;
    private volatile Path cacheRoot;
    private volatile boolean closed;

    /**
     * @param bundles the node's loaded bundles (the same as the registry's): loads, breaker bytes, leases
     * @param stats the node's rescore counters (kept here so that every part of the plugin reaches them)
     */
    public StoredModels(LoadedBundles bundles, PrectrStats stats) {
        this.bundles = bundles;
        this.stats = stats;
    }

    /** The current copy of a name and the catalog entry it was loaded from. */
    private record Current(StoredModel entry, LoadedBundle loaded) {
    }

    /**
     * Connects to the cluster; before this, no name is stored (unit tests, node start).
     *
     * @param clusterService the node's cluster service
     * @param index the system index
     */
    public void start(ClusterService clusterService, ModelIndex index) {
        this.index = index;
        this.clusterService = clusterService;
        clusterService.addListener(this);
    }

    /** @return the plugin's breaker */
    public PrectrBreaker breaker() {
        return bundles.breaker();
    }

    /** @return the node's rescore counters */
    public PrectrStats stats() {
        return stats;
    }

    /**
     * @param name a valid bundle name
     * @return the current loaded copy of the stored bundle, or null when the store has no such name
     * @throws OpenSearchException when the stored bundle cannot be read or loaded
     * @throws org.opensearch.core.common.breaker.CircuitBreakingException (429) when loading it would pass the breaker's limit
     */
    public ModelBundle acquire(String name) {
        StoredModel entry = catalog.get(name);
        if (entry == null) {
            return null;
        }
        Current loaded = current.get(name);
        if (loaded != null && loaded.entry.sha256().equals(entry.sha256())) {
            return loaded.loaded.bundle();
        }
        if (Thread.currentThread().getName().contains(ClusterApplierService.CLUSTER_UPDATE_THREAD_NAME)) {
            // loading reads the system index: never block the cluster applier (e.g. an ingest pipeline parsed there)
            throw new IllegalArgumentException("[prectr] [model] stored bundle [" + name + "] is not loaded on this node yet; "
                + "use it in a search first, or retry");
        }
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            loaded = current.get(name);
            if (loaded != null && loaded.entry.sha256().equals(entry.sha256())) {
                return loaded.loaded.bundle();
            }
            if (closed) {
                throw new IllegalStateException("[prectr] model store is closed");
            }
            Current fresh;
            try {
                fresh = new Current(entry, load(entry));
            } catch (RuntimeException e) {
                // reported per node in stats and GET until a load succeeds or the entry changes
                failures.put(name, new LoadFailure(name, entry.version(), entry.sha256(), String.valueOf(e.getMessage())));
                throw e;
            }
            failures.remove(name);
            Current old = current.put(name, fresh);
            if (old != null) {
                old.loaded.retireAndLog();
            }
            LOGGER.info("loaded stored prectr model [{}] version [{}] sha256 [{}]", name, entry.version(), entry.sha256());
            return fresh.loaded.bundle();
        }
    }

    /**
     * @param name a bundle name
     * @return whether the catalog holds an uploaded bundle of that name
     */
    public boolean isStored(String name) {
        return catalog.get(name) != null;
    }

    /**
     * @param name a bundle name
     * @return whether the catalog's current copy of that name is loaded on this node
     */
    public boolean isCurrentLoaded(String name) {
        StoredModel entry = catalog.get(name);
        Current loaded = current.get(name);
        return entry != null && loaded != null && loaded.entry.sha256().equals(entry.sha256());
    }

    @Override
    public void clusterChanged(ClusterChangedEvent event) {
        ModelsMetadata next = ModelsMetadata.of(event.state());
        boolean missing = next.models().isEmpty() == false && ModelIndex.exists(event.state()) == false;
        if (missing && indexMissing == false) {
            LOGGER.warn("{}; stored models: {}", ModelIndex.missingIndex(), next.models().keySet());
        }
        indexMissing = missing;
        if (next.equals(catalog)) {
            return;
        }
        catalog = next;
        failures.values().removeIf(f -> next.get(f.name()) == null || next.get(f.name()).sha256().equals(f.sha256()) == false);
        for (Current loaded : List.copyOf(current.values())) {
            StoredModel entry = next.get(loaded.entry.name());
            if (entry == null || entry.sha256().equals(loaded.entry.sha256()) == false) {
                if (current.remove(loaded.entry.name(), loaded)) {
                    LOGGER.info("retiring prectr model [{}] version [{}]: {}", loaded.entry.name(), loaded.entry.version(),
                        entry == null ? "deleted" : "replaced by version [" + entry.version() + "]");
                    loaded.loaded.retireAndLog();
                }
            }
        }
    }

    /**
     * One node's view of a loaded stored bundle.
     *
     * @param name the bundle name
     * @param version the store version
     * @param sha256 the zip's hash
     * @param estimatedBytes the unpacked size, the estimate of its memory (accounted in the breaker)
     * @param leases searches using it now
     */
    public record LoadedInfo(String name, long version, String sha256, long estimatedBytes, int leases) {
    }

    /**
     * A stored bundle this node could not load.
     *
     * @param name the bundle name
     * @param version the store version it tried
     * @param sha256 that version's hash
     * @param reason why (the message the search got)
     */
    public record LoadFailure(String name, long version, String sha256, String reason) {
    }

    /** @return the stored bundles whose last load on this node failed, by name */
    public List<LoadFailure> failures() {
        List<LoadFailure> list = new ArrayList<>(failures.values());
        list.sort(Comparator.comparing(LoadFailure::name));
        return list;
    }

    /** @return whether the catalog names bundles but {@code .prectr-models} is gone, in the state this node applied */
    public boolean indexMissing() {
        return indexMissing;
    }

    /**
     * A bundle loaded from a folder ({@code prectr.model_dir} or the plugin's {@code models/}), reported
     * by the registry so that the stats list it; its bytes are held in the breaker by its {@link LoadedBundle}.
     *
     * @param name the bundle name
     * @param path its folder
     * @param estimatedBytes its files' size, the estimate of its memory (accounted in the breaker)
     */
    public record FolderModel(String name, String path, long estimatedBytes) {
    }

    /** @param model a folder bundle the registry loaded */
    public void folderLoaded(FolderModel model) {
        folders.put(model.name(), model);
    }

    /** @param name a folder bundle that closed (retired and no lease left) */
    public void folderUnloaded(String name) {
        folders.remove(name);
    }

    /** @return the loaded folder bundles, by name */
    public List<FolderModel> folderModels() {
        List<FolderModel> models = new ArrayList<>(folders.values());
        models.sort(Comparator.comparing(FolderModel::name));
        return models;
    }

    /** @return the current loaded copies, by name */
    public List<LoadedInfo> loaded() {
        List<LoadedInfo> infos = new ArrayList<>();
        for (Current m : current.values()) {
            infos.add(new LoadedInfo(m.entry.name(), m.entry.version(), m.entry.sha256(), m.loaded.estimatedBytes(), m.loaded.leases()));
        }
        infos.sort(Comparator.comparing(LoadedInfo::name));
        return infos;
    }

    /** @return how many copies are not yet closed, retired ones included // visible for testing */
    public int liveCopies() {
        return bundles.live(LoadedBundle.Source.UPLOAD).size();
    }

    /** Reads the zip, then (one code path with folder bundles) reserves its unpacked size, unpacks and loads it. */
    private LoadedBundle load(StoredModel entry) {
        byte[] zip = index.read(entry);
        String what = "model [" + entry.name() + "] version [" + entry.version() + "]";
        Path folder;
        try {
            Path root = cacheRoot();
            folder = AccessController.doPrivilegedChecked(() -> Files.createTempDirectory(root, entry.name() + "-v"
                + entry.version() + "-"));
        } catch (IOException e) {
            throw new OpenSearchException("[prectr] stored " + what + " cannot be loaded: " + e.getMessage(), e);
        }
        LoadedBundle.Origin origin = new LoadedBundle.Origin(entry.name(), LoadedBundle.Source.UPLOAD, "stored " + what, "prectr " + what);
        return bundles.load(origin, entry.unpackedBytes(), folder, () -> {
            Path d = Files.createDirectory(folder.resolve(entry.name()));
            BundleArchive.unpack(entry.name(), zip, d, Long.MAX_VALUE);
            return d;
        }, this::afterCopyClosed);
    }

    /** Once the store is closed, the cache root goes with the last copy. */
    private void afterCopyClosed() {
        if (closed && bundles.live(LoadedBundle.Source.UPLOAD).isEmpty()) {
            BundleArchive.deleteQuietly(cacheRoot);
        }
    }

    private Path cacheRoot() throws IOException {
        Path root = cacheRoot;
        if (root == null) {
            synchronized (this) {
                if (cacheRoot == null) {
                    cacheRoot = AccessController.doPrivilegedChecked(() -> Files.createTempDirectory("prectr-models-"));
                }
                root = cacheRoot;
            }
        }
        return root;
    }

    /**
     * Retires every loaded copy; copies still leased close when their last search ends. IOUtils-style:
     * every copy is retired, the first failure to close one is rethrown with the others suppressed.
     *
     * @throws IOException the first failure to close a copy
     */
    @Override
    public void close() throws IOException {
        closed = true;
        ClusterService cluster = clusterService;
        if (cluster != null) {
            cluster.removeListener(this);
        }
        List<Closeable> copies = new ArrayList<>();
        for (String name : List.copyOf(current.keySet())) {
            Current loaded = current.remove(name);
            if (loaded != null) {
                copies.add(loaded.loaded::retire);
            }
        }
        try {
            IOUtils.close(copies);
        } finally {
            afterCopyClosed();
        }
    }
}
