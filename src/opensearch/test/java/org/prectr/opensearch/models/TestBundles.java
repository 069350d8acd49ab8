package org.prectr.opensearch.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.prectr.onnx.DeterministicBundleWriter;
import org.prectr.onnx.ScorerVariants;

/**
 * Bundles for the model-store tests (test helper): the deterministic bundle of prectr-onnx, a variant
 * that scores differently, zips of bundle folders, and broken scorer graphs.
 */
final class TestBundles {

    private TestBundles() {}

    /** @return the deterministic bundle folder {@code parent/name} */
    static Path standard(Path parent, String name) throws IOException {
        return DeterministicBundleWriter.write(parent, name);
    }

    /**
     * The deterministic bundle with the standardisation mean of {@code log_rating_count} moved from 7.0
     * to 3.0: every hit's click probabilities, and so the scores, change.
     */
    static Path variant(Path parent, String name) throws IOException {
        Path dir = DeterministicBundleWriter.write(parent, name);
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(dir.resolve("manifest.json").toFile());
        boolean changed = false;
        for (var feature : manifest.withArray("features")) {
            if ("log_rating_count".equals(feature.get("name").asText())) {
                ((ObjectNode) feature).put("mean", 3.0);
                changed = true;
            }
        }
        if (changed == false) {
            throw new IllegalStateException("the deterministic bundle has no log_rating_count feature");
        }
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("manifest.json").toFile(), manifest);
        return dir;
    }

    /** @return the files of a bundle folder, by file name */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.sorted().toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** @return a zip of the entries, in order */
    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry e = new ZipEntry(entry.getKey());
                e.setTime(0); // reproducible bytes
                zip.putNextEntry(e);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** @return a zip of the bundle folder's files, at the zip's root */
    static byte[] zip(Path dir) throws IOException {
        return zip(files(dir));
    }

    /** A scorer graph with the contract's outputs ({@link ScorerVariants#scorer(String, int, boolean)}). */
    static byte[] scorer(String featuresInput, int featureCount, boolean nanScore) {
        return ScorerVariants.scorer(featuresInput, featureCount, nanScore);
    }

    /** The same, optionally with a score of two values per row ({@link ScorerVariants#scorer(String, int, boolean, boolean)}). */
    static byte[] scorer(String featuresInput, int featureCount, boolean nanScore, boolean doubledScore) {
        return ScorerVariants.scorer(featuresInput, featureCount, nanScore, doubledScore);
    }
}
