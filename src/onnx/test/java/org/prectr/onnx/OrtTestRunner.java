package org.prectr.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a model built in a test through the real ONNX Runtime and copies its outputs out (test helper). */
final class OrtTestRunner {

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new HashMap<>();

    OrtTestRunner floats(String name, float[] values, long... shape) {
        data.put(name, values);
        shapes.put(name, shape);
        return this;
    }

    OrtTestRunner longs(String name, long[] values, long... shape) {
        data.put(name, values);
        shapes.put(name, shape);
        return this;
    }

    /** @return every output, as float[], long[] or boolean[] by its element type */
    Map<String, Object> run(byte[] model) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OnnxTensor> tensors = new ArrayList<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options)) {
                Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
                for (Map.Entry<String, Object> entry : data.entrySet()) {
                    long[] shape = shapes.get(entry.getKey());
                    OnnxTensor tensor = entry.getValue() instanceof float[] f
                        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape)
                        : OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) entry.getValue()), shape);
                    tensors.add(tensor);
                    inputs.put(entry.getKey(), tensor);
                }
                Map<String, Object> outputs = new LinkedHashMap<>();
                try (OrtSession.Result result = session.run(inputs)) {
                    for (Map.Entry<String, OnnxValue> entry : result) {
                        outputs.put(entry.getKey(), copy((OnnxTensor) entry.getValue()));
                    }
                }
                return outputs;
            }
        } finally {
            for (OnnxTensor tensor : tensors) {
                tensor.close();
            }
        }
    }

    float[] runFloats(byte[] model, String output) throws OrtException {
        return (float[]) run(model).get(output);
    }

    private static Object copy(OnnxTensor tensor) {
        switch (tensor.getInfo().type) {
            case FLOAT: {
                FloatBuffer buffer = tensor.getFloatBuffer();
                float[] out = new float[buffer.remaining()];
                buffer.get(out);
                return out;
            }
            case INT64: {
                LongBuffer buffer = tensor.getLongBuffer();
                long[] out = new long[buffer.remaining()];
                buffer.get(out);
                return out;
            }
            case BOOL: {
                java.nio.ByteBuffer buffer = tensor.getByteBuffer();
                boolean[] out = new boolean[buffer.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = buffer.get(i) != 0;
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("unsupported output type [" + tensor.getInfo().type + "]");
        }
    }
}
