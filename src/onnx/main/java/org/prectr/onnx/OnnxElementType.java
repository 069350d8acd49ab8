package org.prectr.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * The tensor element types the PRECTR graphs use, with their onnx.proto codes.
 *
 * <p>A small closed set on purpose: the bundle contract (docs/bundle.md) only has float32 and int64
 * tensors, and {@code Equal} produces booleans that {@code Where} and {@code Cast} consume.
 */
public enum OnnxElementType {
    FLOAT(DataType.FLOAT),
    INT32(DataType.INT32),
    INT64(DataType.INT64),
    BOOL(DataType.BOOL),
    DOUBLE(DataType.DOUBLE);

    private final DataType dataType;

    OnnxElementType(DataType dataType) {
        this.dataType = dataType;
    }

    /** @return the onnx.proto data type code ({@code TensorProto.DataType} number) */
    public int code() {
        return dataType.getNumber();
    }

    DataType dataType() {
        return dataType;
    }
}
