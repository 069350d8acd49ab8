package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.text.TokenBatch;

import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class DistilledEncoderTests {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static Stage0Fixture fixture;

    @BeforeClass
    public static void loadFixture() throws Exception {
        fixture = Stage0Fixture.load(2, 1);
    }

    @Test
    public void referenceShapeHasTheDocumentedParameterCount() {
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, EncoderConfig.DEFAULTS, 7)) {
            assertEquals(1_584_192L, encoder.parameterCount());
            assertEquals(EncoderConfig.DEFAULTS.parameterCount(), encoder.parameterCount());
        }
    }

    /** Issue 3: after a few training steps, ONNX Runtime on the exported graph equals DJL within 1e-5. */
    @Test
    public void exportedGraphEqualsDjlOnRealTitlesAfterTraining() throws Exception {
        // the reference shape (1.58M parameters), as the bundle ships it
        Stage0Config config = Stage0Fixture.config(1, 1).withEncoder(EncoderConfig.DEFAULTS);
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config.encoder(), config.seed())) {
            new Stage0Trainer(config, fixture.tokenizer()).train(encoder, fixture.data(), fixture.teacherVectors(), Map.of());
            // real titles of different lengths, one cut at 48 tokens, plus a query-length row
            List<String> texts = new ArrayList<>(fixture.data().validation().get(0).titles().subList(0, 7));
            texts.add(fixture.data().validation().get(0).query());
            TokenBatch batch = fixture.tokenizer().encodeBatch(texts, 48);
            assertTrue("rows must differ in length", batch.tokenCount(0) != batch.tokenCount(7));
            Shape shape = new Shape(batch.rows(), batch.length());
            float[] djl = encoder.forward(manager.create(batch.inputIds(), shape), manager.create(batch.attentionMask(), shape),
                false).toFloatArray();
            Path onnx = folder.getRoot().toPath().resolve("text_encoder.onnx");
            encoder.exportOnnx(onnx);
            float[] ort = runOnnx(onnx, batch);
            assertEquals(djl.length, ort.length);
            double maxDiff = 0;
            for (int i = 0; i < djl.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(djl[i] - ort[i]));
            }
            System.out.println("encoder parity on " + batch.rows() + " x " + batch.length() + " tokens: max |DJL - ORT| = " + maxDiff);
            assertTrue("max |DJL - ORT| = " + maxDiff, maxDiff < 1e-5);
        }
    }

    @Test
    public void savedWeightsLoadBackToTheSameEncoder() throws Exception {
        Path file = folder.getRoot().toPath().resolve("encoder.weights");
        EncoderConfig config = new EncoderConfig(40, 4, 8, 1, 2, 16, 12, 0f, 1e-5f, false);
        long[] ids = {2, 5, 9, 3, 2, 7, 3, 0};
        long[] mask = {1, 1, 1, 1, 1, 1, 1, 0};
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder saved = DistilledEncoder.create(manager, config, 3);
             DistilledEncoder other = DistilledEncoder.create(manager, config, 4)) {
            saved.save(file);
            try (DistilledEncoder loaded = DistilledEncoder.load(manager, file)) {
                assertEquals(config, loaded.config());
                float[] expected = forward(manager, saved, ids, mask);
                assertArrayEquals(expected, forward(manager, loaded, ids, mask), 0f);
                assertTrue("another seed gives another encoder", expected[0] != forward(manager, other, ids, mask)[0]);
            }
        }
    }

    @Test
    public void forwardLeavesNothingInTheWeightsManager() {
        EncoderConfig config = new EncoderConfig(40, 4, 8, 2, 2, 16, 12, 0.1f, 1e-5f, true);
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config, 3)) {
            int before = encoder.manager().getManagedArrays().size();
            try (NDManager step = encoder.manager().newSubManager()) {
                encoder.forward(step.create(new long[] {2, 5, 3, 0}, new Shape(1, 4)),
                    step.create(new long[] {1, 1, 1, 0}, new Shape(1, 4)), true);
            }
            assertEquals(before, encoder.manager().getManagedArrays().size());
        }
    }

    @Test
    public void topLayersOverCachedHiddenStatesEqualTheFullForward() {
        // top-layer fine-tuning runs the frozen layers once per text, keeps only the real tokens' states,
        // and pads them again per batch: the result must not depend on that
        EncoderConfig config = new EncoderConfig(40, 4, 8, 3, 2, 16, 12, 0f, 1e-5f, true);
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config, 5)) {
            long[] ids = {2, 5, 3, 7, 1, 9, 0, 0};
            long[] mask = {1, 1, 1, 1, 1, 1, 0, 0};
            Shape shape = new Shape(2, 4);
            float[] full = encoder.forward(manager.create(ids, shape), manager.create(mask, shape), false).toFloatArray();
            for (int below = 0; below <= 3; below++) {
                NDArray hidden = encoder.hidden(manager.create(ids, shape), manager.create(mask, shape), below);
                float[] top = encoder.top(hidden, manager.create(mask, shape), below, false).toFloatArray();
                assertArrayEquals("below " + below, full, top, 1e-6f);
            }
            // a shorter padding (the second text alone, 2 real tokens) gives the same embedding
            NDArray alone = encoder.hidden(manager.create(new long[] {1, 9}, new Shape(1, 2)),
                manager.create(new long[] {1, 1}, new Shape(1, 2)), 2);
            float[] second = encoder.top(alone, manager.create(new long[] {1, 1}, new Shape(1, 2)), 2, false).toFloatArray();
            assertArrayEquals(java.util.Arrays.copyOfRange(full, 8, 16), second, 1e-5f);
            assertEquals(java.util.Set.of("layer2.", "final_norm"), encoder.parametersFrom(2).keySet().stream()
                .map(n -> n.startsWith("layer2.") ? "layer2." : n.startsWith("final_norm") ? "final_norm" : n)
                .collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    public void emptyRowsEncodeToZeroNotNaN() {
        EncoderConfig config = new EncoderConfig(40, 4, 8, 1, 2, 16, 12, 0f, 1e-5f, true);
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config, 3)) {
            float[] out = forward(manager, encoder, new long[] {0, 0}, new long[] {0, 0});
            for (float v : out) {
                assertEquals(0f, v, 0f);
            }
        }
    }

    @Test
    public void badShapesAreNamed() {
        EncoderConfig config = new EncoderConfig(40, 4, 8, 1, 2, 16, 4, 0f, 1e-5f, true);
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config, 3)) {
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> encoder.forward(manager.zeros(new Shape(1, 5), ai.djl.ndarray.types.DataType.INT64),
                    manager.zeros(new Shape(1, 5), ai.djl.ndarray.types.DataType.INT64), false));
            assertEquals("[input_ids] length must be at most [4] but was [5]", tooLong.getMessage());
            IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> encoder.forward(manager.zeros(new Shape(1, 3), ai.djl.ndarray.types.DataType.INT64),
                    manager.zeros(new Shape(1, 2), ai.djl.ndarray.types.DataType.INT64), false));
            assertEquals("[input_ids] and [attention_mask] must both be [B, L] but were [(1, 3)] and [(1, 2)]",
                mismatch.getMessage());
        }
        assertEquals("[heads] must divide [dim] = [10] but was [4]", assertThrows(IllegalArgumentException.class,
            () -> new EncoderConfig(40, 4, 10, 1, 4, 16, 4, 0f, 1e-5f, true)).getMessage());
    }

    private static float[] forward(NDManager manager, DistilledEncoder encoder, long[] ids, long[] mask) {
        Shape shape = new Shape(1, ids.length);
        return encoder.forward(manager.create(ids, shape), manager.create(mask, shape), false).toFloatArray();
    }

    private static float[] runOnnx(Path onnx, TokenBatch batch) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {batch.rows(), batch.length()};
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), shape);
             OrtSession.Result result = session.run(Map.of(DistilledEncoder.INPUT_IDS, ids, DistilledEncoder.ATTENTION_MASK, mask))) {
            assertEquals(DistilledEncoder.EMBEDDING, session.getOutputNames().iterator().next());
            float[][] rows = (float[][]) result.get(0).getValue();
            float[] flat = new float[rows.length * rows[0].length];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(rows[r], 0, flat, r * rows[0].length, rows[0].length);
            }
            return flat;
        }
    }
}
