package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.Test;
import org.prectr.core.text.TokenBatch;
import org.prectr.onnx.OnnxGraphBuilder;

import java.nio.LongBuffer;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class DistilledEncoderTests {

    @Test
    public void parameterCountMatchesConfig() {
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, EncoderConfig.DEFAULTS, 7)) {
            assertEquals(EncoderConfig.DEFAULTS.parameterCount(), encoder.parameterCount());
            assertEquals(1_584_192L, encoder.parameterCount());
        }
    }

    @Test
    public void smokeParity() throws Exception {
        EncoderConfig config = new EncoderConfig(50, 8, 16, 2, 4, 32, 10, 0.1f, 1e-5f, true);
        long[] ids = {2, 7, 9, 3, 0, 0, 2, 11, 12, 13, 14, 3, 2, 3, 0, 0, 0, 0};
        long[] mask = {1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
        TokenBatch batch = new TokenBatch(ids, mask, 3, 6);
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder encoder = DistilledEncoder.create(manager, config, 7)) {
            NDArray out = encoder.forward(manager.create(ids, new Shape(3, 6)), manager.create(mask, new Shape(3, 6)), false);
            float[] djl = out.toFloatArray();
            OnnxGraphBuilder graph = new OnnxGraphBuilder("t");
            encoder.exportOnnx(graph);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(graph.toBytes(), new OrtSession.SessionOptions());
                 OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {3, 6});
                 OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {3, 6});
                 OrtSession.Result result = session.run(Map.of("input_ids", tIds, "attention_mask", tMask))) {
                float[][] ort = (float[][]) result.get(0).getValue();
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 16; c++) {
                        assertEquals(djl[r * 16 + c], ort[r][c], 1e-5);
                    }
                }
            }
        }
    }
}
