package org.prectr.onnx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.core.inference.WindowScores;

/**
 * Bundles broken one way each are refused by the core with exact messages (naming the file, what was
 * expected and what was found), and a good bundle still loads and scores after every failure, so a
 * failed load leaves no ONNX Runtime session or environment unusable.
 */
public class BundleValidationTests {

    @ClassRule
    public static final TemporaryFolder GOOD = new TemporaryFolder();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static Path good;

    @BeforeClass
    public static void writeGoodBundle() throws IOException {
        good = DeterministicBundleWriter.write(GOOD.getRoot().toPath(), DeterministicBundleWriter.DEFAULT_NAME);
    }

    /** A copy of the good bundle under a fresh parent (the folder name must stay the manifest's name). */
    private Path copy() throws IOException {
        Path dir = Files.createDirectories(temp.newFolder().toPath().resolve(DeterministicBundleWriter.DEFAULT_NAME));
        try (Stream<Path> files = Files.list(good)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    private static String loadFailure(Path dir) {
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> ModelBundle.load(dir, InferenceOptions.DEFAULT));
        return e.getMessage();
    }

    /** The good bundle loads and scores a window: a failed load before this left nothing broken. */
    private static void goodBundleStillServes() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(good, InferenceOptions.DEFAULT)) {
            CandidateWindow window = CandidateWindow.builder(new float[] {2f, 1f}, new String[] {"mens slippers", "garden hose"})
                .numeric("rating", new double[] {4.5, Double.NaN}).numeric("rating_count", new double[] {10, 3})
                .numeric("price", new double[] {20, 30}).keyword("brand", new String[] {"acme", null})
                .keyword("color", new String[] {"brown", "green"}).keyword("is_book", new String[] {"false", "false"}).build();
            float[] score = bundle.scorer().score(bundle.scorer().prepare("mens slippers", UserContext.anonymous()), window)
                .scores().score();
            assertEquals(2, score.length);
            assertEquals(true, score[0] > score[1]);
        }
    }

    @Test
    public void corruptOnnxFileIsRefused() throws Exception {
        Path dir = copy();
        Files.write(dir.resolve("scorer.onnx"), "this is not a protobuf".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("[scorer.onnx] expected [a graph ONNX Runtime loads] but found [Error code - ORT_INVALID_PROTOBUF - "
            + "message: Load model from " + dir.resolve("scorer.onnx") + " failed:Protobuf parsing failed.]", loadFailure(dir));
        goodBundleStillServes();
    }

    @Test
    public void truncatedOnnxFileIsRefused() throws Exception {
        Path dir = copy();
        byte[] bytes = Files.readAllBytes(dir.resolve("text_encoder.onnx"));
        Files.write(dir.resolve("text_encoder.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals("[text_encoder.onnx] expected [a graph ONNX Runtime loads] but found [Error code - "
            + "ORT_INVALID_PROTOBUF - message: Load model from " + dir.resolve("text_encoder.onnx")
            + " failed:Protobuf parsing failed.]", loadFailure(dir));
        goodBundleStillServes();
    }

    @Test
    public void missingGraphFileIsRefused() throws Exception {
        Path dir = copy();
        Files.delete(dir.resolve("scorer.onnx"));
        assertEquals("[scorer.onnx] (file): expected [the scorer graph] but found [no such file]", loadFailure(dir));
        goodBundleStillServes();
    }

    @Test
    public void graphInputNameNotInTheManifestIsRefused() throws Exception {
        Path dir = copy();
        Files.write(dir.resolve("scorer.onnx"), ScorerVariants.scorer("feats", 24, false));
        assertEquals("[scorer.onnx] inputs: expected [query_embedding, item_embedding, features] but "
            + "found [query_embedding, item_embedding, feats]", loadFailure(dir));
        goodBundleStillServes();
    }

    @Test
    public void wrongFeatureCountIsRefused() throws Exception {
        Path dir = copy();
        Files.write(dir.resolve("scorer.onnx"), ScorerVariants.scorer("features", 23, false));
        assertEquals("[scorer.onnx] input [features]: expected shape [-1, 24] but found [-1, 23]", loadFailure(dir));
        goodBundleStillServes();
    }

    @Test
    public void vocabularyHashMismatchIsRefused() throws Exception {
        Path dir = copy();
        Files.writeString(dir.resolve("vocab.txt"), "extra\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals("[vocab.txt] sha256: expected [" + ModelBundle.sha256(good.resolve("vocab.txt"))
            + "] but found [" + ModelBundle.sha256(dir.resolve("vocab.txt")) + "]", loadFailure(dir));
        goodBundleStillServes();
    }

    @Test
    public void preferenceHistogramOfWrongLengthIsRefused() throws Exception {
        Path dir = copy();
        Files.writeString(dir.resolve("query_preferences.json"),
            "{\"grades\": 4, \"entries\": [{\"query\": \"makeup\", \"histogram\": [0.2, 0.3, 0.5], \"clicks\": 10}]}");
        assertEquals("[query_preferences.json] entries[0].histogram: expected [4 values] but found [3]", loadFailure(dir));
        goodBundleStillServes();
    }

    @Test
    public void scorerProducingNaNLeavesTheRowUnscoredInsteadOfFailing() throws Exception {
        Path dir = copy();
        Files.write(dir.resolve("scorer.onnx"), ScorerVariants.scorer("features", 24, true));
        try (ModelBundle bundle = ModelBundle.load(dir, InferenceOptions.DEFAULT)) {
            CandidateWindow window = CandidateWindow.builder(new float[] {1f}, new String[] {"slippers"})
                .numeric("rating", new double[] {4}).numeric("rating_count", new double[] {1}).numeric("price", new double[] {1})
                .keyword("brand", new String[] {null}).keyword("color", new String[] {null}).keyword("is_book", new String[] {null})
                .build();
            WindowScores scores = bundle.scorer().score(bundle.scorer().prepare("slippers", UserContext.anonymous()), window).scores();
            assertFalse(scores.isFinite(0));
            assertEquals(1, scores.nonFiniteRows());
        }
        goodBundleStillServes();
    }
}
