package org.prectr.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes Java arrays as onnx.proto tensors (initializers).
 *
 * <p>Values go into {@code raw_data}, little-endian as the ONNX spec requires whatever the host order,
 * which is compact (no per-value varint) and what ONNX Runtime reads fastest.
 */
final class OnnxTensors {

    private OnnxTensors() {}

    static TensorProto floats(String name, float[] values, long[] dims) {
        checkCount(name, values.length, dims);
        ByteBuffer buffer = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return tensor(name, OnnxElementType.FLOAT, dims, buffer);
    }

    static TensorProto longs(String name, long[] values, long[] dims) {
        checkCount(name, values.length, dims);
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return tensor(name, OnnxElementType.INT64, dims, buffer);
    }

    private static TensorProto tensor(String name, OnnxElementType type, long[] dims, ByteBuffer raw) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.code());
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** A 0-d tensor (no dims) holds one value; otherwise the product of the dims. */
    private static void checkCount(String name, int count, long[] dims) {
        long expected = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException(
                    "initializer [" + name + "] [dims] must be >= 0 but were " + Arrays.toString(dims));
            }
            expected *= dim;
        }
        if (expected != count) {
            throw new IllegalArgumentException("initializer [" + name + "] [dims] " + Arrays.toString(dims)
                + " hold [" + expected + "] values but [values] has [" + count + "]");
        }
    }
}
