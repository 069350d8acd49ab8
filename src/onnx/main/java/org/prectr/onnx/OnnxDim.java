package org.prectr.onnx;

import java.util.Objects;

/**
 * One axis of a graph input or output: either a fixed size or a named dynamic axis ({@code dim_param}).
 *
 * <p>Named axes let ONNX Runtime check that two inputs share a dynamic size (the batch {@code B} of the
 * scorer's three inputs), which a bare "unknown" axis would not.
 *
 * @param size  the fixed size, or -1 for a dynamic axis
 * @param param the dynamic axis name, or null for a fixed axis
 */
public record OnnxDim(long size, String param) {

    /** Checks that exactly one of {@code size} and {@code param} is set. */
    public OnnxDim {
        if (param == null && size < 0) {
            throw new IllegalArgumentException("[size] must be >= 0 for a fixed axis but was [" + size + "]");
        }
        if (param != null) {
            if (param.isBlank()) {
                throw new IllegalArgumentException("[param] must not be blank but was [" + param + "]");
            }
            if (size != -1) {
                throw new IllegalArgumentException("[size] must be -1 for a named axis but was [" + size + "]");
            }
        }
    }

    /**
     * @param size the fixed axis size, at least 0
     * @return a fixed axis
     */
    public static OnnxDim fixed(long size) {
        return new OnnxDim(size, null);
    }

    /**
     * @param name the dynamic axis name, e.g. {@code "batch"}
     * @return a named dynamic axis
     */
    public static OnnxDim named(String name) {
        return new OnnxDim(-1, Objects.requireNonNull(name, "name"));
    }

    /** @return true for a dynamic (named) axis */
    public boolean isDynamic() {
        return param != null;
    }

    @Override
    public String toString() {
        return isDynamic() ? param : Long.toString(size);
    }
}
