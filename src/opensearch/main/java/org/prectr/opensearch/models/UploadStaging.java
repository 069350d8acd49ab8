package org.prectr.opensearch.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.apache.lucene.util.IOUtils;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.core.rest.RestStatus;

/**
 * The chunks of chunked uploads, staged on the cluster manager's disk until the last one arrives. Nothing
 * here is visible to anyone: the assembled zip then goes through the ordinary upload (validate, store,
 * publish), and the staged files are deleted whatever its outcome. An upload that stops sending chunks
 * is discarded once idle for {@code prectr.models.upload_expiry}; an upload over the size limit is
 * discarded at once. Staged chunks live in one temporary folder per upload, not on the heap, so several
 * large uploads cost no memory. Thread-safe (one lock: chunk writes are small next to the upload).
 */
final class UploadStaging {

    /** Upload ids: chosen by the client, used as a folder name. */
    static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path root;
    private final LongSupplier clock;
    private final Map<String, Staged> uploads = new HashMap<>();

    /** One upload in progress. */
    private static final class Staged {
        final String name;
        final int total;
        final Path folder;
        final boolean[] received;
        int count;
        long bytes;
        long touchedMillis;

        Staged(String name, int total, Path folder) {
            this.name = name;
            this.total = total;
            this.folder = folder;
            this.received = new boolean[total];
        }
    }

    /**
     * What an accepted chunk left.
     *
     * @param received chunks staged so far
     * @param total chunks of the upload
     * @param zip the assembled zip once every chunk is there (the staging is then already deleted), else null
     */
    record Progress(int received, int total, byte[] zip) {
    }

    /**
     * @param root a folder of its own (created if missing)
     * @param clock milliseconds, for expiry
     */
    UploadStaging(Path root, LongSupplier clock) {
        this.root = root;
        this.clock = clock;
    }

    /**
     * Stages one chunk; the last missing one assembles the zip.
     *
     * @param name the bundle name (validated by the caller)
     * @param uploadId the client's id of this upload
     * @param index the chunk's position, from 0
     * @param total the upload's chunk count (the same in every chunk)
     * @param data the chunk's bytes
     * @param maxBytes the upload size limit, for the sum of the chunks
     * @return the progress, with the zip when complete
     */
    synchronized Progress add(String name, String uploadId, int index, int total, byte[] data, ByteSizeValue maxBytes) {
        if (uploadId == null || UPLOAD_ID.matcher(uploadId).matches() == false) {
            throw new IllegalArgumentException("[upload_id] must match [" + UPLOAD_ID.pattern() + "] but was [" + uploadId + "]");
        }
        if (total < 1 || total > ModelStoreSettings.MAX_UPLOAD_CHUNKS) {
            throw new IllegalArgumentException("[total] must be in [1, " + ModelStoreSettings.MAX_UPLOAD_CHUNKS + "] but was [" + total + "]");
        }
        if (index < 0 || index >= total) {
            throw new IllegalArgumentException("[index] must be in [0, " + (total - 1) + "] but was [" + index + "]");
        }
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("[data] must be given: the base64 of a part of the bundle zip");
        }
        Staged staged = uploads.get(uploadId);
        if (staged == null) {
            staged = new Staged(name, total, root.resolve(uploadId));
            try {
                Files.createDirectories(staged.folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            uploads.put(uploadId, staged);
        } else if (staged.name.equals(name) == false) {
            throw new IllegalArgumentException("[upload_id] [" + uploadId + "] is an upload of model [" + staged.name + "], not [" + name + "]");
        } else if (staged.total != total) {
            throw new IllegalArgumentException("[total] must be [" + staged.total + "] as in the upload's first chunk but was [" + total + "]");
        }
        if (staged.received[index]) {
            throw new IllegalArgumentException("[index] [" + index + "] of upload [" + uploadId + "] was already received");
        }
        if (staged.bytes + data.length > maxBytes.getBytes()) {
            long size = staged.bytes + data.length;
            discard(uploadId);
            throw new OpenSearchStatusException("[bundle] must be at most [" + maxBytes + "] ([" + ModelStoreSettings.MAX_UPLOAD_SIZE.getKey()
                + "]) but its chunks reached [" + new ByteSizeValue(size) + "]; upload [" + uploadId + "] was discarded",
                RestStatus.REQUEST_ENTITY_TOO_LARGE);
        }
        try {
            Files.write(staged.folder.resolve(Integer.toString(index)), data);
        } catch (IOException e) {
            discard(uploadId);
            throw new UncheckedIOException(e);
        }
        staged.received[index] = true;
        staged.count++;
        staged.bytes += data.length;
        staged.touchedMillis = clock.getAsLong();
        if (staged.count < staged.total) {
            return new Progress(staged.count, staged.total, null);
        }
        try {
            byte[] zip = new byte[Math.toIntExact(staged.bytes)];
            int at = 0;
            for (int i = 0; i < staged.total; i++) {
                byte[] part = Files.readAllBytes(staged.folder.resolve(Integer.toString(i)));
                System.arraycopy(part, 0, zip, at, part.length);
                at += part.length;
            }
            return new Progress(staged.count, staged.total, zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            discard(uploadId);
        }
    }

    /**
     * Discards uploads idle for longer than {@code expiryMillis}.
     *
     * @param expiryMillis the idle time allowed
     * @return the ids discarded
     */
    synchronized List<String> expire(long expiryMillis) {
        long now = clock.getAsLong();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Staged> e : uploads.entrySet()) {
            if (now - e.getValue().touchedMillis > expiryMillis) {
                expired.add(e.getKey());
            }
        }
        expired.forEach(this::discard);
        return expired;
    }

    /** @return the ids of the uploads in progress */
    synchronized List<String> inProgress() {
        return List.copyOf(uploads.keySet());
    }

    /** Deletes an upload's staged chunks. */
    private void discard(String uploadId) {
        Staged staged = uploads.remove(uploadId);
        if (staged != null) {
            try {
                IOUtils.rm(staged.folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
