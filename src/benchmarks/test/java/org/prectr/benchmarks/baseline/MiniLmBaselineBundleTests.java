package org.prectr.benchmarks.baseline;

import static org.junit.Assert.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.core.text.TokenBatch;

public class MiniLmBaselineBundleTests {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void bundleLoadsAndItsEncoderIsMeanPooledMiniLm() throws Exception {
        Path dir = MiniLmBaselineBundle.write(temp.getRoot().toPath(), "minilm-baseline");
        List<String> texts = List.of("toddler water bottle without straw", "Stainless Steel Water Bottle, 32 oz, Blue");
        float[] pooled;
        TokenBatch batch;
        try (ModelBundle bundle = ModelBundle.load(dir, InferenceOptions.DEFAULT)) {
            assertEquals("minilm-baseline-1", bundle.manifest().version());
            assertEquals(384, bundle.model().embeddingDim());
            batch = bundle.tokenizer().encodeBatch(texts, 48);
            pooled = bundle.model().encodeItems(batch);
        }
        float[] expected = referencePooling(batch);
        assertEquals(expected.length, pooled.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals("value " + i, expected[i], pooled[i], 1e-5f);
        }
        for (int r = 0; r < texts.size(); r++) {
            double norm = 0;
            for (int d = 0; d < 384; d++) {
                norm += pooled[r * 384 + d] * pooled[r * 384 + d];
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-5);
        }
        assertEquals(4, Files.list(dir).filter(p -> p.toString().endsWith(".onnx") || p.toString().endsWith(".txt")
            || p.toString().endsWith("preferences.json")).count());
    }

    /** The untouched HF graph in ONNX Runtime, token types 0, then mean pooling and L2 norm in Java. */
    private static float[] referencePooling(TokenBatch batch) throws Exception {
        byte[] model;
        try (InputStream in = MiniLmBaselineBundle.class.getResourceAsStream(MiniLmBaselineBundle.MODEL_RESOURCE)) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {batch.rows(), batch.length()};
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch.inputIds().length]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[] out = new float[batch.rows() * 384];
            for (int r = 0; r < batch.rows(); r++) {
                double count = 0;
                double[] sum = new double[384];
                for (int t = 0; t < batch.length(); t++) {
                    long m = batch.attentionMask()[r * batch.length() + t];
                    count += m;
                    for (int d = 0; d < 384; d++) {
                        sum[d] += m * hidden[r][t][d];
                    }
                }
                double norm = 0;
                for (int d = 0; d < 384; d++) {
                    sum[d] /= count;
                    norm += sum[d] * sum[d];
                }
                for (int d = 0; d < 384; d++) {
                    out[r * 384 + d] = (float) (sum[d] / Math.sqrt(norm));
                }
            }
            return out;
        }
    }
}
