package org.prectr.opensearch.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.opensearch.secure_sm.AccessController;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceOptions;

/**
 * An uploaded bundle zip: unpacked safely and validated with the core's {@link ModelBundle#load} BEFORE
 * anything is stored, so that the store only ever holds bundles a node can serve.
 *
 * <p>The zip holds the bundle's files at its root, or inside one top folder (as {@code zip -r esci-v2.zip
 * esci-v2/} makes); bundles are flat, so deeper paths, absolute paths, {@code ..}, backslashes and
 * duplicate entries are refused (no entry can be written outside the folder), and the unpacked size is
 * bounded so that a small zip cannot expand without limit. Every refusal is an
 * {@link IllegalArgumentException} (400) that names the bundle and the problem.
 */
public final class BundleArchive {

    private BundleArchive() {}

    /**
     * A validated upload.
     *
     * @param name the bundle name
     * @param zip the uploaded bytes
     * @param sha256 SHA-256 of the bytes, lower-case hex
     * @param unpackedBytes size of the unpacked files
     * @param manifest the manifest
     * @param manifestJson manifest.json as uploaded
     */
    public record Validated(String name, byte[] zip, String sha256, long unpackedBytes, BundleManifest manifest,
                            String manifestJson) {
    }

    /**
     * @param bytes any bytes
     * @return their SHA-256, lower-case hex
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Unpacks and loads the bundle in a temporary folder that is always deleted.
     *
     * @param name the bundle name from the request
     * @param zip the uploaded bytes
     * @param maxUnpackedBytes the largest unpacked size accepted
     * @param options ONNX Runtime options for the trial load
     * @return the validated upload
     * @throws IllegalArgumentException naming the problem when the upload is not a servable bundle
     */
    public static Validated validate(String name, byte[] zip, long maxUnpackedBytes, InferenceOptions options) {
        BundleNames.validate("name", name);
        return AccessController.doPrivileged(() -> {
            Path root = null;
            try {
                root = Files.createTempDirectory("prectr-upload-");
                Path dir = Files.createDirectory(root.resolve(name));
                long unpacked = unpack(name, zip, dir, maxUnpackedBytes);
                try (ModelBundle bundle = ModelBundle.load(dir, options)) {
                    String manifestJson = Files.readString(dir.resolve(BundleManifest.FILE), StandardCharsets.UTF_8);
                    return new Validated(name, zip, sha256(zip), unpacked, bundle.manifest(), manifestJson);
                }
            } catch (InvalidBundleException e) {
                throw new IllegalArgumentException("[bundle] [" + name + "] is invalid: " + e.getMessage(), e);
            } catch (LinkageError e) {
                throw new IllegalStateException("ONNX Runtime cannot run on this node: " + e, e);
            } catch (IOException e) {
                throw new IllegalStateException("[bundle] [" + name + "] cannot be unpacked in a temporary folder: " + e, e);
            } finally {
                deleteQuietly(root);
            }
        });
    }

    /**
     * Unpacks the zip's files into {@code dir}.
     *
     * @return the unpacked size
     */
    static long unpack(String name, byte[] zip, Path dir, long maxUnpackedBytes) throws IOException {
        Map<String, byte[]> files = read(name, zip, maxUnpackedBytes);
        long total = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
            total += file.getValue().length;
        }
        return total;
    }

    /**
     * Most entries (files and folders) a bundle zip may hold: a bundle has a handful of files, and each
     * entry costs work before the size bound sees a byte (30,000 empty entries were accepted before).
     */
    static final int MAX_ENTRIES = 256;
    /** Longest entry name: a top folder (a bundle name, at most 64) and a bundle file name (at most 128). */
    static final int MAX_ENTRY_NAME_LENGTH = 256;

    /** Reads every file entry (path relative to the bundle folder -> bytes), enforcing the rules above. */
    private static Map<String, byte[]> read(String name, byte[] zip, long maxUnpackedBytes) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            int count = 0;
            while ((entry = in.getNextEntry()) != null) {
                String path = entry.getName();
                if (++count > MAX_ENTRIES) {
                    throw new IllegalArgumentException("[bundle] [" + name + "] must hold at most [" + MAX_ENTRIES + "] zip entries");
                }
                if (path.length() > MAX_ENTRY_NAME_LENGTH) {
                    throw new IllegalArgumentException("[bundle] [" + name + "] entry names must have at most [" + MAX_ENTRY_NAME_LENGTH
                        + "] characters but one had [" + path.length() + "]");
                }
                checkPath(name, path);
                if (entry.isDirectory()) {
                    continue;
                }
                if (entries.containsKey(path)) {
                    throw new IllegalArgumentException("[bundle] [" + name + "] holds the entry [" + path + "] twice");
                }
                byte[] bytes = readBounded(in, maxUnpackedBytes - total, maxUnpackedBytes, name);
                total += bytes.length;
                entries.put(path, bytes);
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("[bundle] [" + name + "] is not a readable zip archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("[bundle] [" + name + "] is not a readable zip archive: " + e, e);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("[bundle] [" + name + "] must be a zip archive holding [" + BundleManifest.FILE
                + "] but held no files");
        }
        return flatten(name, entries);
    }

    private static void checkPath(String name, String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains(":")
            || List.of(path.split("/")).contains("..")) {
            throw new IllegalArgumentException("[bundle] [" + name + "] entry [" + path
                + "] must be a relative path without [..], [\\] or [:]");
        }
    }

    /** Strips one common top folder; every file must then sit at the bundle's root. */
    private static Map<String, byte[]> flatten(String name, Map<String, byte[]> entries) {
        String prefix = null;
        boolean common = true;
        for (String path : entries.keySet()) {
            int slash = path.indexOf('/');
            String top = slash < 0 ? null : path.substring(0, slash + 1);
            if (top == null || (prefix != null && prefix.equals(top) == false)) {
                common = false;
                break;
            }
            prefix = top;
        }
        Map<String, byte[]> flat = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            String path = common ? entry.getKey().substring(prefix.length()) : entry.getKey();
            if (path.isEmpty() || path.contains("/")) {
                throw new IllegalArgumentException("[bundle] [" + name + "] entry [" + entry.getKey()
                    + "] is in a sub-folder; a bundle's files sit at the zip's root or in one top folder");
            }
            flat.put(path, entry.getValue());
        }
        return flat;
    }

    private static byte[] readBounded(InputStream in, long remaining, long max, String name) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            read += n;
            if (read > remaining) {
                throw new IllegalArgumentException("[bundle] [" + name + "] unpacks to more than [" + max
                    + "] bytes (" + ModelStoreSettings.UNPACKED_FACTOR + " x [" + ModelStoreSettings.MAX_UPLOAD_SIZE.getKey() + "])");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Deletes a folder tree, ignoring failures (temporary and cache folders only).
     *
     * @param root the folder, or null
     */
    public static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        AccessController.doPrivileged(() -> {
            try (Stream<Path> paths = Files.walk(root)) {
                List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
                for (Path path : all) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | RuntimeException e) {
                // best effort: a leftover temporary folder is harmless
            }
            return null;
        });
    }
}
