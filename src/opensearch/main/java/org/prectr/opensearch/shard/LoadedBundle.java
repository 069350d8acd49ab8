package org.prectr.opensearch.shard;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.common.lease.Releasable;
import org.opensearch.common.util.concurrent.AbstractRefCounted;
import org.opensearch.common.util.io.IOUtils;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.secure_sm.AccessController;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.opensearch.models.BundleArchive;

/**
 * One loaded model bundle, whatever its source (a folder, the plugin's own {@code models/}, an upload):
 * the ONNX sessions, the breaker bytes reserved for them and, for an upload, its unpacked cache folder.
 *
 * <p>Reference-counted the same way for every source. The owner (the registry for a folder bundle, the
 * store for an upload) holds one reference until it {@link #retire}s the bundle (replaced, deleted, node
 * stopping); each use of ONNX Runtime holds one more through a {@link #lease}. The native memory is freed
 * when the bundle is retired AND its last lease ends, never while a search uses it. Closing is
 * IOUtils-style: every part is closed, the first failure is rethrown with the others suppressed.
 */
public final class LoadedBundle extends AbstractRefCounted {

    private static final Logger LOGGER = LogManager.getLogger(LoadedBundle.class);

    /** Where a bundle came from. */
    public enum Source {
        /** the node's {@code prectr.model_dir} */
        MODEL_DIR,
        /** the plugin's own {@code models/} folder */
        PLUGIN,
        /** uploaded through the model API */
        UPLOAD
    }

    /**
     * Names a bundle in messages.
     *
     * @param name the bundle name
     * @param source where it came from
     * @param what how errors name it, e.g. {@code model bundle [x] at [dir]} or {@code stored model [x] version [2]}
     * @param breakerLabel how the breaker names its bytes, e.g. {@code prectr model [x] version [2]}
     */
    public record Origin(String name, Source source, String what, String breakerLabel) {
    }

    private final Origin origin;
    private final ModelBundle bundle;
    private final long bytes;
    private final Releasable reservation;
    /** A folder deleted with the bundle (an upload's unpacked copy); null for a folder bundle. */
    private final Path ownedFolder;
    /** Run once the bundle is closed, whatever happened (the owner forgets it). */
    private final Runnable afterClose;
    private final AtomicBoolean retired = new AtomicBoolean();

    LoadedBundle(Origin origin, ModelBundle bundle, long bytes, Releasable reservation, Path ownedFolder, Runnable afterClose) {
        super("prectr-bundle-" + origin.name());
        this.origin = origin;
        this.bundle = bundle;
        this.bytes = bytes;
        this.reservation = reservation;
        this.ownedFolder = ownedFolder;
        this.afterClose = afterClose;
    }

    /** @return the bundle; valid while its owner holds it or a lease is open */
    public ModelBundle bundle() {
        return bundle;
    }

    /** @return where it came from */
    public Origin origin() {
        return origin;
    }

    /** @return the bundle name */
    public String name() {
        return origin.name();
    }

    /** @return the estimate of its memory held in the {@code prectr} breaker */
    public long estimatedBytes() {
        return bytes;
    }

    /** @return whether its owner let it go */
    public boolean isRetired() {
        return retired.get();
    }

    /** @return how many leases are open now */
    public int leases() {
        return Math.max(0, refCount() - (retired.get() ? 0 : 1));
    }

    /**
     * Holds the bundle open while ONNX Runtime runs on it. Closing the lease twice is harmless.
     *
     * @return the lease
     * @throws OpenSearchStatusException (503, retryable) when the bundle was already closed
     */
    public Releasable lease() {
        if (tryIncRef() == false) {
            throw closedWhileSearching(origin.what());
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                try {
                    decRef();
                } catch (RuntimeException e) {
                    // the last lease of a retired bundle closed it: the search's work is done, so log rather than fail it
                    LOGGER.warn("failed to close prectr " + origin.what() + " after its last lease", e);
                }
            }
        };
    }

    /**
     * The owner lets the bundle go: it closes now, or when its last lease ends. Only the first call counts.
     *
     * @throws IOException the first failure of closing it now, the others suppressed
     */
    public void retire() throws IOException {
        if (retired.compareAndSet(false, true)) {
            try {
                decRef();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** {@link #retire}, logging a failure to close (for the cluster applier and the load path, which must not fail on it). */
    public void retireAndLog() {
        try {
            retire();
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("failed to close prectr " + origin.what(), e);
        }
    }

    @Override
    protected void closeInternal() {
        Closeable sessions = () -> {
            try {
                AccessController.doPrivilegedChecked(bundle::close);
            } catch (LinkageError e) {
                // an Error escaping into an OpenSearch thread halts the node
                throw new IllegalStateException("ONNX Runtime failed to close [" + origin.name() + "]: " + e, e);
            }
        };
        Closeable breakerBytes = reservation::close;
        Closeable folder = () -> BundleArchive.deleteQuietly(ownedFolder);
        Closeable forget = afterClose::run;
        try {
            IOUtils.close(sessions, breakerBytes, folder, forget);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param what how the bundle is named in messages
     * @return the retryable refusal of a use that came after the bundle closed
     */
    static OpenSearchStatusException closedWhileSearching(String what) {
        return new OpenSearchStatusException("[prectr] " + what + " was replaced or unloaded while the search ran; retry the search",
            RestStatus.SERVICE_UNAVAILABLE);
    }

    @Override
    public String toString() {
        return origin.what() + " (" + origin.source() + ", " + leases() + " leases" + (retired.get() ? ", retired" : "") + ")";
    }
}
