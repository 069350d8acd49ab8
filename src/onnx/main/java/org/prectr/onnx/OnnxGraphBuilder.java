package org.prectr.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes one ONNX model (IR version 8, default-domain opset 17) from the onnx.proto classes.
 *
 * <p>DJL cannot export ONNX, so the trainer mirrors its forward pass op by op through this builder, and
 * the deterministic test bundle is written with it too. Values are referred to by name (plain strings,
 * as in ONNX itself). The builder checks what ONNX Runtime would only report late and vaguely: every
 * node input must be a graph input, an initializer or an earlier node's output, and every name is
 * unique. {@link #ops()} gives typed helpers for the operators the project uses.
 *
 * <p>Not thread-safe; one builder writes one model.
 */
public final class OnnxGraphBuilder {

    /** ONNX IR version written into every model (ONNX 1.10+, read by every ONNX Runtime since 1.10). */
    public static final long IR_VERSION = 8;
    /** Default-domain opset written into every model; decides which operators take axes as inputs. */
    public static final long OPSET = 17;

    private final GraphProto.Builder graph;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> definedValues = new HashSet<>();
    private final Map<String, Integer> nextSuffix = new HashMap<>();
    private final OnnxOps ops = new OnnxOps(this);
    private String producer = "prectr-onnx";

    /** @param graphName the graph name stored in the model (informational) */
    public OnnxGraphBuilder(String graphName) {
        this.graph = GraphProto.newBuilder().setName(Objects.requireNonNull(graphName, "graphName"));
    }

    /** @return typed helpers for the operators the trainer and the test bundles use */
    public OnnxOps ops() {
        return ops;
    }

    /**
     * @param name the producer name stored in the model, e.g. {@code "prectr-trainer"}
     * @return this
     */
    public OnnxGraphBuilder producer(String name) {
        this.producer = Objects.requireNonNull(name, "producer");
        return this;
    }

    /**
     * Declares a graph input; its name is exactly {@code name}, as the bundle contract fixes input names.
     * With no {@code dims} the shape is left unknown (not a scalar).
     *
     * @return {@code name}
     * @throws IllegalArgumentException if the name is already used
     */
    public String input(String name, OnnxElementType type, OnnxDim... dims) {
        reserve(name, "input");
        graph.addInput(valueInfo(name, type, dims));
        definedValues.add(name);
        return name;
    }

    /**
     * Declares a graph output named {@code name} holding {@code value}; when the two names differ, an
     * {@code Identity} node renames the value, so the ops need not know the graph's output names.
     * With no {@code dims} the shape is left unknown.
     *
     * @return this
     * @throws IllegalArgumentException if {@code value} is undefined or {@code name} is already used
     */
    public OnnxGraphBuilder output(String value, String name, OnnxElementType type, OnnxDim... dims) {
        checkDefined(value, "graph output [" + name + "]");
        String outputValue = value.equals(name) ? value : node("Identity").inputs(value).output(name);
        graph.addOutput(valueInfo(outputValue, type, dims));
        return this;
    }

    /**
     * Adds a float initializer (a constant tensor or a weight).
     *
     * @param baseName name prefix; a suffix is added when it is taken
     * @param values   the values in row-major order
     * @param dims     the shape; none for a scalar
     * @return the initializer's value name
     */
    public String initializer(String baseName, float[] values, long... dims) {
        String name = uniqueName(baseName);
        graph.addInitializer(OnnxTensors.floats(name, values, dims));
        definedValues.add(name);
        return name;
    }

    /** Adds an int64 initializer; see {@link #initializer(String, float[], long...)}. */
    public String initializer(String baseName, long[] values, long... dims) {
        String name = uniqueName(baseName);
        graph.addInitializer(OnnxTensors.longs(name, values, dims));
        definedValues.add(name);
        return name;
    }

    /** @return the value name of a float32 scalar (0-d) constant */
    public String scalar(float value) {
        return initializer("const", new float[] {value});
    }

    /** @return the value name of a 1-D int64 constant, e.g. axes, shapes, starts */
    public String longs(long... values) {
        return initializer("const", values, values.length);
    }

    /**
     * Starts a node; it joins the graph when one of its {@code output} methods is called.
     *
     * @param opType the operator, e.g. {@code "MatMul"} (default ONNX domain)
     */
    public OnnxNodeBuilder node(String opType) {
        return new OnnxNodeBuilder(this, Objects.requireNonNull(opType, "opType"), uniqueName(opType));
    }

    /**
     * @param prefix the wanted name
     * @return {@code prefix} if unused, else {@code prefix_1}, {@code prefix_2}, ... (reserved on return)
     */
    public String uniqueName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String name = prefix;
        int suffix = nextSuffix.getOrDefault(prefix, 1);
        while (usedNames.contains(name)) {
            name = prefix + "_" + suffix++;
        }
        nextSuffix.put(prefix, suffix);
        usedNames.add(name);
        return name;
    }

    /** @return the model as a proto (the builder stays usable) */
    public ModelProto build() {
        if (graph.getOutputCount() == 0) {
            throw new IllegalStateException("graph [" + graph.getName() + "] has no outputs");
        }
        return ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName(producer)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph.build())
            .build();
    }

    /** @return the serialised model, as ONNX Runtime's {@code createSession(byte[])} takes it */
    public byte[] toBytes() {
        return build().toByteArray();
    }

    /**
     * Writes the serialised model to {@code file}, replacing it.
     *
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        Files.write(file, toBytes());
    }

    void reserve(String name, String role) {
        Objects.requireNonNull(name, role + " name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException(role + " name must not be empty");
        }
        if (!usedNames.add(name)) {
            throw new IllegalArgumentException(role + " name [" + name + "] is already used in graph ["
                + graph.getName() + "]");
        }
    }

    void addNode(NodeProto node) {
        for (String input : node.getInputList()) {
            if (!input.isEmpty()) {
                checkDefined(input, "node [" + node.getName() + "] (" + node.getOpType() + ")");
            }
        }
        graph.addNode(node);
        definedValues.addAll(node.getOutputList());
    }

    private void checkDefined(String value, String user) {
        if (!definedValues.contains(value)) {
            throw new IllegalArgumentException(user + " reads [" + value
                + "], which is not a graph input, an initializer or an earlier node output");
        }
    }

    private static ValueInfoProto valueInfo(String name, OnnxElementType type, OnnxDim[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (OnnxDim dim : dims) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dim.isDynamic()) {
                d.setDimParam(dim.param());
            } else {
                d.setDimValue(dim.size());
            }
            shape.addDim(d);
        }
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(type.code());
        if (dims.length > 0) {
            tensor.setShape(shape);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
