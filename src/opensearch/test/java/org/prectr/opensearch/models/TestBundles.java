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
import org.prectr.onnx.OnnxDim;
import org.prectr.onnx.OnnxElementType;
import org.prectr.onnx.OnnxGraphBuilder;
import org.prectr.onnx.OnnxOps;

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

    /**
     * A scorer graph with the contract's outputs (the logic of prectr-onnx's test ScorerVariants).
     *
     * @param featuresInput the features input's name
     * @param featureCount its width
     * @param nanScore whether {@code score} is NaN (sqrt of -1)
     */
    static byte[] scorer(String featuresInput, int featureCount, boolean nanScore) {
        return scorer(featuresInput, featureCount, nanScore, false);
    }

    /**
     * @param featuresInput the features input's name
     * @param featureCount its width
     * @param nanScore whether {@code score} is NaN (sqrt of -1)
     * @param doubledScore whether {@code score} holds two values per row instead of one (the rows stacked
     *     twice): a graph that loads but fails at run time, a failure of the model itself
     */
    static byte[] scorer(String featuresInput, int featureCount, boolean nanScore, boolean doubledScore) {
        OnnxDim batch = OnnxDim.named("batch");
        int d = DeterministicBundleWriter.EMBEDDING_DIM;
        OnnxGraphBuilder g = new OnnxGraphBuilder("variant_scorer");
        OnnxOps op = g.ops();
        String q = g.input("query_embedding", OnnxElementType.FLOAT, batch, OnnxDim.fixed(d));
        String t = g.input("item_embedding", OnnxElementType.FLOAT, batch, OnnxDim.fixed(d));
        String x = g.input(featuresInput, OnnxElementType.FLOAT, batch, OnnxDim.fixed(featureCount));
        String grades = op.softmax(op.matMul(x, g.initializer("w", new float[featureCount * 4], featureCount, 4)), -1);
        String clicks = op.sigmoid(grades);
        String tau = op.reduceSum(op.mul(q, t), true, 1);
        String fused = op.reduceSum(op.mul(grades, clicks), true, 1);
        String score = nanScore ? op.sqrt(op.sub(op.mul(fused, g.scalar(0f)), g.scalar(1f))) : fused;
        if (doubledScore) {
            // two values per row: shape inference cannot pin the batch dimension, so the graph loads
            score = op.concat(0, score, score);
        }
        g.output(grades, "grade_probs", OnnxElementType.FLOAT, batch, OnnxDim.fixed(4));
        g.output(clicks, "click_probs", OnnxElementType.FLOAT, batch, OnnxDim.fixed(4));
        g.output(tau, "tau", OnnxElementType.FLOAT, batch, OnnxDim.fixed(1));
        g.output(score, "score", OnnxElementType.FLOAT, batch, OnnxDim.fixed(1));
        return g.toBytes();
    }
}
