package org.prectr.opensearch.shard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchException;
import org.opensearch.common.CheckedSupplier;
import org.opensearch.common.lease.Releasable;
import org.opensearch.secure_sm.AccessController;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.opensearch.breaker.PrectrBreaker;
import org.prectr.opensearch.models.BundleArchive;

/**
 * The one home of bundle ownership on a node: every bundle is loaded here, whatever its source, and
 * lives as a {@link LoadedBundle} (reference-counted, leased) until it is retired and its last lease
 * ends. One code path reserves its estimated memory in the {@code prectr} breaker (a load over the
 * limit is refused with a 429 before anything is read into ONNX Runtime), loads it with ONNX Runtime
 * errors turned into exceptions, and on any failure gives the bytes and the folder back.
 */
public final class LoadedBundles {

    private static final Logger LOGGER = LogManager.getLogger(LoadedBundles.class);

    private final InferenceOptions options;
    private final PrectrBreaker breaker;
    /** Every bundle not yet closed, owned or retired; {@link ModelBundle} has identity equality. */
    private final Map<ModelBundle, LoadedBundle> live = new ConcurrentHashMap<>();

    /**
     * @param options how ONNX Runtime sessions run
     * @param breaker the plugin's breaker (a no-op one in unit tests)
     */
    public LoadedBundles(InferenceOptions options, PrectrBreaker breaker) {
        this.options = options;
        this.breaker = breaker;
    }

    /** @return the plugin's breaker */
    public PrectrBreaker breaker() {
        return breaker;
    }

    /**
     * Reserves the bytes, prepares the folder and loads the bundle in it.
     *
     * @param origin names the bundle in errors and in the breaker
     * @param bytes the estimate of its memory (its files' size)
     * @param ownedFolder a folder deleted with the bundle or on a failed load (an upload's copy); null for none
     * @param bundleDir prepares and returns the bundle's folder, once the bytes are reserved (an upload unpacks there)
     * @param afterClose run once the bundle is closed (the owner forgets it); null for nothing
     * @return the loaded bundle; the caller owns its one reference and must {@link LoadedBundle#retire} it
     * @throws org.opensearch.core.common.breaker.CircuitBreakingException (429) when the bytes would pass the breaker's limit
     * @throws OpenSearchException (500) naming the bundle when it is invalid or cannot be loaded
     */
    public LoadedBundle load(LoadedBundle.Origin origin, long bytes, Path ownedFolder, CheckedSupplier<Path, Exception> bundleDir,
                             Runnable afterClose) {
        Releasable reservation;
        try {
            reservation = breaker.reserve(bytes, origin.breakerLabel());
        } catch (RuntimeException e) {
            BundleArchive.deleteQuietly(ownedFolder);
            throw e;
        }
        ModelBundle bundle;
        try {
            bundle = AccessController.doPrivilegedChecked(() -> {
                Path dir = bundleDir.get();
                try {
                    return ModelBundle.load(dir, options);
                } catch (LinkageError e) {
                    throw new IllegalStateException("ONNX Runtime cannot run on this node: " + e, e);
                }
            });
        } catch (InvalidBundleException e) {
            cleanup(reservation, ownedFolder);
            throw new OpenSearchException("[prectr] " + origin.what() + " is invalid: " + e.getMessage(), e);
        } catch (Exception e) {
            cleanup(reservation, ownedFolder);
            throw new OpenSearchException("[prectr] " + origin.what() + " cannot be loaded: " + e.getMessage(), e);
        }
        LoadedBundle[] self = new LoadedBundle[1];
        LoadedBundle loaded = new LoadedBundle(origin, bundle, bytes, reservation, ownedFolder, () -> {
            live.remove(bundle, self[0]);
            if (afterClose != null) {
                afterClose.run();
            }
        });
        self[0] = loaded;
        live.put(bundle, loaded);
        return loaded;
    }

    private static void cleanup(Releasable reservation, Path ownedFolder) {
        reservation.close();
        BundleArchive.deleteQuietly(ownedFolder);
    }

    /**
     * Holds a bundle open while ONNX Runtime runs on it, whatever its source.
     *
     * @param bundle a bundle this node loaded
     * @return the lease; closing it twice is harmless
     * @throws org.opensearch.OpenSearchStatusException (503, retryable) when the bundle was replaced or unloaded and closed
     *     since the search resolved it
     */
    public Releasable lease(ModelBundle bundle) {
        LoadedBundle loaded = live.get(bundle);
        if (loaded == null) {
            throw LoadedBundle.closedWhileSearching("model bundle [" + bundle.manifest().name() + "]");
        }
        return loaded.lease();
    }

    /**
     * @param source a source, or null for all
     * @return the bundles not yet closed (owned, or retired and still leased), by name
     */
    public List<LoadedBundle> live(LoadedBundle.Source source) {
        List<LoadedBundle> list = new ArrayList<>();
        for (LoadedBundle b : live.values()) {
            if (source == null || b.origin().source() == source) {
                list.add(b);
            }
        }
        list.sort(Comparator.comparing(LoadedBundle::name));
        return list;
    }

    /**
     * Logs, at shutdown once every owner retired its bundles, the bundles still leased: leaks (a lease
     * that was never closed) or uses still running; each closes when its last lease ends.
     *
     * @return the bundles still leased
     */
    public List<LoadedBundle> reportLeaks() {
        List<LoadedBundle> leaked = live(null);
        for (LoadedBundle b : leaked) {
            LOGGER.warn("leak: prectr {} is still leased by [{}] uses at shutdown; it closes when the last lease ends",
                b.origin().what(), b.leases());
        }
        return leaked;
    }
}
