package org.prectr.onnx;

/**
 * Typed helpers for the ONNX operators the PRECTR graphs use, each returning its output value name.
 *
 * <p>Opset 17 decides where an operator takes its parameters, which is easy to get wrong by hand:
 * {@code ReduceSum}, {@code Unsqueeze}, {@code Squeeze}, {@code Slice}, {@code Reshape}, {@code Expand}
 * and {@code Clip} take them as <em>inputs</em> (turned into int64/float constants here), while
 * {@code ReduceMean} and {@code ReduceMax} still take {@code axes} as an <em>attribute</em> (an input
 * only from opset 18), as do {@code Softmax}, {@code Concat}, {@code Gather}, {@code Transpose},
 * {@code LayerNormalization} and {@code Cast}. Broadcasting follows numpy rules throughout.
 * Operators not listed here are written with {@link OnnxGraphBuilder#node(String)}.
 */
public final class OnnxOps {

    private final OnnxGraphBuilder graph;

    OnnxOps(OnnxGraphBuilder graph) {
        this.graph = graph;
    }

    private String unary(String opType, String x) {
        return graph.node(opType).inputs(x).output();
    }

    private String binary(String opType, String a, String b) {
        return graph.node(opType).inputs(a, b).output();
    }

    /** @return {@code data} rows picked by {@code indices} along {@code axis} (embedding lookup at axis 0) */
    public String gather(String data, String indices, long axis) {
        return graph.node("Gather").inputs(data, indices).attr("axis", axis).output();
    }

    /** @return the (batched) matrix product {@code a @ b} */
    public String matMul(String a, String b) {
        return binary("MatMul", a, b);
    }

    /** @return {@code a + b} */
    public String add(String a, String b) {
        return binary("Add", a, b);
    }

    /** @return {@code a - b} */
    public String sub(String a, String b) {
        return binary("Sub", a, b);
    }

    /** @return {@code a * b} (element-wise) */
    public String mul(String a, String b) {
        return binary("Mul", a, b);
    }

    /** @return {@code a / b} (element-wise) */
    public String div(String a, String b) {
        return binary("Div", a, b);
    }

    /** @return {@code x @ weight + bias}, a dense layer with weight [in, out] and bias [out] */
    public String linear(String x, String weight, String bias) {
        return add(matMul(x, weight), bias);
    }

    /** @return {@code max(x, 0)} */
    public String relu(String x) {
        return unary("Relu", x);
    }

    /** @return {@code 1 / (1 + exp(-x))} */
    public String sigmoid(String x) {
        return unary("Sigmoid", x);
    }

    /** @return the softmax of {@code x} along {@code axis} */
    public String softmax(String x, long axis) {
        return graph.node("Softmax").inputs(x).attr("axis", axis).output();
    }

    /** @return {@code log(1 + exp(x))} */
    public String softplus(String x) {
        return unary("Softplus", x);
    }

    /** @return {@code -x} */
    public String neg(String x) {
        return unary("Neg", x);
    }

    /** @return {@code log(x)} (natural) */
    public String log(String x) {
        return unary("Log", x);
    }

    /** @return {@code exp(x)} */
    public String exp(String x) {
        return unary("Exp", x);
    }

    /** @return {@code sqrt(x)} */
    public String sqrt(String x) {
        return unary("Sqrt", x);
    }

    /** @return {@code x} unchanged, under a new name */
    public String identity(String x) {
        return unary("Identity", x);
    }

    /** @return the element-wise maximum of all inputs (broadcast) */
    public String max(String... inputs) {
        return graph.node("Max").inputs(inputs).output();
    }

    /** @return {@code x} clamped to {@code [min, max]} (opset 11+: bounds are scalar inputs) */
    public String clip(String x, float min, float max) {
        return graph.node("Clip").inputs(x, graph.scalar(min), graph.scalar(max)).output();
    }

    /** @return {@code condition ? x : y}, element-wise; {@code condition} is bool */
    public String where(String condition, String x, String y) {
        return graph.node("Where").inputs(condition, x, y).output();
    }

    /** @return the bool tensor {@code a == b} */
    public String equal(String a, String b) {
        return binary("Equal", a, b);
    }

    /** @return {@code x} converted to {@code to} */
    public String cast(String x, OnnxElementType to) {
        return graph.node("Cast").inputs(x).attr("to", (long) to.code()).output();
    }

    /**
     * Layer normalisation over the axes from {@code axis} to the last (opset 17 operator).
     *
     * @param bias the bias, or null for none
     */
    public String layerNormalization(String x, String scale, String bias, long axis, float epsilon) {
        OnnxNodeBuilder node = graph.node("LayerNormalization");
        if (bias == null) {
            node.inputs(x, scale);
        } else {
            node.inputs(x, scale, bias);
        }
        return node.attr("axis", axis).attr("epsilon", epsilon).output();
    }

    /** @return the sum over {@code axes} (opset 13+: axes is an input) */
    public String reduceSum(String x, boolean keepDims, long... axes) {
        return graph.node("ReduceSum").inputs(x, graph.longs(axes)).attr("keepdims", keepDims ? 1L : 0L).output();
    }

    /** @return the mean over {@code axes} (opset 17: axes is still an attribute) */
    public String reduceMean(String x, boolean keepDims, long... axes) {
        return graph.node("ReduceMean").inputs(x).ints("axes", axes).attr("keepdims", keepDims ? 1L : 0L).output();
    }

    /** @return the maximum over {@code axes} (opset 17: axes is still an attribute) */
    public String reduceMax(String x, boolean keepDims, long... axes) {
        return graph.node("ReduceMax").inputs(x).ints("axes", axes).attr("keepdims", keepDims ? 1L : 0L).output();
    }

    /** @return the inputs joined along {@code axis} */
    public String concat(long axis, String... inputs) {
        return graph.node("Concat").inputs(inputs).attr("axis", axis).output();
    }

    /** @return {@code x[starts:ends]} on {@code axes}, step 1 */
    public String slice(String x, long[] starts, long[] ends, long[] axes) {
        return graph.node("Slice").inputs(x, graph.longs(starts), graph.longs(ends), graph.longs(axes)).output();
    }

    /** @return {@code x} reshaped; 0 copies the input's size on that axis, -1 is inferred */
    public String reshape(String x, long... shape) {
        return graph.node("Reshape").inputs(x, graph.longs(shape)).output();
    }

    /** @return {@code x} with its axes permuted by {@code perm} */
    public String transpose(String x, long... perm) {
        return graph.node("Transpose").inputs(x).ints("perm", perm).output();
    }

    /** @return {@code x} with size-1 axes inserted at {@code axes} (opset 13+: axes is an input) */
    public String unsqueeze(String x, long... axes) {
        return graph.node("Unsqueeze").inputs(x, graph.longs(axes)).output();
    }

    /** @return {@code x} without its size-1 axes {@code axes} (opset 13+: axes is an input) */
    public String squeeze(String x, long... axes) {
        return graph.node("Squeeze").inputs(x, graph.longs(axes)).output();
    }

    /** @return {@code x} broadcast to the int64 shape held by the value {@code shape} */
    public String expand(String x, String shape) {
        return graph.node("Expand").inputs(x, shape).output();
    }

    /** @return the shape of {@code x} as a 1-D int64 tensor */
    public String shape(String x) {
        return unary("Shape", x);
    }

    /** @return the dims {@code [start, end)} of the shape of {@code x} (opset 15+ attributes) */
    public String shape(String x, long start, long end) {
        return graph.node("Shape").inputs(x).attr("start", start).attr("end", end).output();
    }
}
