package org.prectr.trainer.teacher;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a teacher's ONNX model into a graph that meets the bundle's text-encoder contract
 * (docs/bundle.md "Graph contract"): inputs {@code input_ids} and {@code attention_mask} int64 [B, L],
 * output {@code embedding} float32 [B, H], batch and sequence axes dynamic. It computes what
 * {@link TeacherEncoder} computes for one text:
 * <ul>
 *   <li>{@code token_type_ids} is no longer an input: it is made inside the graph as int64 zeros shaped
 *       like {@code input_ids} ({@code ConstantOfShape(Shape(input_ids))}), as TeacherEncoder feeds it;</li>
 *   <li>the teacher's hidden states ({@code last_hidden_state}, else its first output, as TeacherEncoder
 *       picks them) are pooled as {@link TeacherPooling} does: the [CLS] state ({@code Gather} of position
 *       0) or the mean over positions whose attention mask is 1 (sum of mask-weighted states divided by
 *       max(token count, 1));</li>
 *   <li>then L2-normalised: x / max(||x||, 1e-12);</li>
 *   <li>{@code embedding} is the only output; nodes and initializers that no longer lead to it (e.g.
 *       MiniLM's pooler head) are dropped.</li>
 * </ul>
 * The teacher's nodes, weights, IR version and opset are kept; the added operators (Shape,
 * ConstantOfShape, Gather, Cast, Unsqueeze, Mul, ReduceSum, Max, Div, Sqrt) all exist since opset 9, and
 * those whose axes moved from an attribute to an input (Unsqueeze, ReduceSum at opset 13) are written the
 * way the teacher's opset reads them.
 *
 * <p>An int8 teacher keeps its per-tensor dynamic quantisation: run on a padded batch, a row's embedding
 * then depends on the other rows (see {@link TeacherModel#quantized()}); one text per call equals
 * TeacherEncoder.
 */
public final class TeacherGraphExport {

    /** Graph input and output names fixed by docs/bundle.md. */
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final String EMBEDDING = "embedding";

    private static final String HIDDEN_STATES = "last_hidden_state";
    private static final String PREFIX = "prectr_export/";
    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
    private static final int INT64 = TensorProto.DataType.INT64.getNumber();

    private TeacherGraphExport() {}

    /**
     * @param model the teacher (its ONNX model is read from the classpath, the langchain4j jars)
     * @return the graph of the bundle's text-encoder contract
     * @throws IOException if the model resource is missing or unreadable
     */
    public static ModelProto export(TeacherModel model) throws IOException {
        ModelProto teacher;
        try (InputStream in = TeacherGraphExport.class.getClassLoader().getResourceAsStream(model.modelResource())) {
            if (in == null) {
                throw new IOException("teacher resource [" + model.modelResource() + "] is not on the classpath (is the"
                    + " langchain4j embeddings jar a dependency?)");
            }
            teacher = ModelProto.parseFrom(in);
        }
        return export(teacher, model.pooling(), model.optionName());
    }

    /**
     * Writes {@link #export(TeacherModel)} to {@code file} (replaced).
     *
     * @return the embedding size H
     * @throws IOException if the model cannot be read or the file written
     */
    public static int write(TeacherModel model, Path file) throws IOException {
        ModelProto graph = export(model);
        Files.write(file, graph.toByteArray());
        return embeddingDim(graph);
    }

    /** @return H of the {@code embedding} output of a graph made here */
    public static int embeddingDim(ModelProto graph) {
        for (ValueInfoProto output : graph.getGraph().getOutputList()) {
            if (output.getName().equals(EMBEDDING)) {
                return (int) output.getType().getTensorType().getShape().getDim(1).getDimValue();
            }
        }
        throw new IllegalArgumentException("graph has no [" + EMBEDDING + "] output");
    }

    /**
     * The rewrite itself.
     *
     * @param teacher a BERT-style sentence encoder: inputs {@code input_ids}, {@code attention_mask} and
     *     optionally {@code token_type_ids}, int64 [B, L]; hidden states [B, L, H] with a fixed H
     * @param pooling the teacher's pooling
     * @param name the teacher's name (messages, graph name)
     * @return the contract graph
     * @throws IllegalArgumentException if the teacher's graph does not have that form
     */
    public static ModelProto export(ModelProto teacher, TeacherPooling pooling, String name) {
        GraphProto source = teacher.getGraph();
        long opset = defaultOpset(teacher, name);
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : source.getInitializerList()) {
            initializers.add(t.getName());
        }
        ValueInfoProto ids = null;
        ValueInfoProto mask = null;
        boolean tokenTypes = false;
        for (ValueInfoProto input : source.getInputList()) {
            if (initializers.contains(input.getName())) {
                continue; // IR < 4 lists initializers as inputs too
            }
            switch (input.getName()) {
                case INPUT_IDS -> ids = input;
                case ATTENTION_MASK -> mask = input;
                case TOKEN_TYPE_IDS -> tokenTypes = true;
                default -> throw new IllegalArgumentException("teacher [" + name + "] has input [" + input.getName()
                    + "]; only [input_ids, attention_mask, token_type_ids] can be exported");
            }
        }
        if (ids == null || mask == null) {
            throw new IllegalArgumentException("teacher [" + name + "] must have inputs [input_ids, attention_mask]");
        }
        checkTokens(ids, name);
        checkTokens(mask, name);
        ValueInfoProto hiddenInfo = null;
        for (ValueInfoProto output : source.getOutputList()) {
            if (output.getName().equals(HIDDEN_STATES)) {
                hiddenInfo = output;
            }
        }
        if (hiddenInfo == null) {
            if (source.getOutputCount() == 0) {
                throw new IllegalArgumentException("teacher [" + name + "] has no outputs");
            }
            hiddenInfo = source.getOutput(0);
        }
        TensorShapeProto hiddenShape = hiddenInfo.getType().getTensorType().getShape();
        if (hiddenInfo.getType().getTensorType().getElemType() != FLOAT || hiddenShape.getDimCount() != 3
            || !hiddenShape.getDim(2).hasDimValue() || hiddenShape.getDim(2).getDimValue() <= 0) {
            throw new IllegalArgumentException("teacher [" + name + "] output [" + hiddenInfo.getName()
                + "] must be float [batch, sequence, hidden] with a fixed hidden size but was " + hiddenInfo.getType());
        }
        long width = hiddenShape.getDim(2).getDimValue();
        String hidden = hiddenInfo.getName();
        for (NodeProto node : source.getNodeList()) {
            if (node.getOutputList().contains(EMBEDDING) || node.getOutputList().contains(TOKEN_TYPE_IDS)) {
                throw new IllegalArgumentException("teacher [" + name + "] already has a value named [" + EMBEDDING
                    + "] or [" + TOKEN_TYPE_IDS + "]");
            }
        }

        String batchAxis = dimParam(ids, 0, "batch_size", null);
        String sequenceAxis = dimParam(ids, 1, "sequence_length", batchAxis);
        GraphProto.Builder graph = GraphProto.newBuilder()
            .setName(PREFIX.replace("/", "") + "_" + name)
            .setDocString("text encoder of the bundle contract, made from teacher [" + name + "] by "
                + TeacherGraphExport.class.getName() + " (" + pooling.name().toLowerCase(java.util.Locale.ROOT)
                + " pooling, L2 normalised)")
            .addInput(tokens(INPUT_IDS, batchAxis, sequenceAxis))
            .addInput(tokens(ATTENTION_MASK, batchAxis, sequenceAxis));
        Nodes nodes = new Nodes(opset);
        if (tokenTypes) {
            // zeros shaped like input_ids, as TeacherEncoder feeds them; first, so the teacher's nodes find it
            // defined (ConstantOfShape's value is a one-element 1-D tensor)
            String shape = nodes.add("Shape", List.of(INPUT_IDS), List.of());
            TensorProto zero = longScalar(0L).toBuilder().addDims(1).build();
            nodes.add("ConstantOfShape", List.of(shape), List.of(tensorAttr("value", zero)), TOKEN_TYPE_IDS);
        }
        List<NodeProto> head = nodes.drain();
        String pooled = switch (pooling) {
            case CLS -> nodes.add("Gather", List.of(hidden, nodes.initializer(longScalar(0L))), List.of(intAttr("axis", 1)));
            case MEAN -> {
                String maskF = nodes.add("Cast", List.of(ATTENTION_MASK), List.of(intAttr("to", FLOAT)));
                String weights = nodes.unsqueeze(maskF, 2);
                String masked = nodes.add("Mul", List.of(hidden, weights), List.of());
                String sum = nodes.reduceSum(masked, 1, false);
                String count = nodes.reduceSum(maskF, 1, true);
                String safeCount = nodes.add("Max", List.of(count, nodes.initializer(floatScalar(1f))), List.of());
                yield nodes.add("Div", List.of(sum, safeCount), List.of());
            }
        };
        String squares = nodes.add("Mul", List.of(pooled, pooled), List.of());
        String norm = nodes.add("Sqrt", List.of(nodes.reduceSum(squares, 1, true)), List.of());
        String safeNorm = nodes.add("Max", List.of(norm, nodes.initializer(floatScalar(1e-12f))), List.of());
        nodes.add("Div", List.of(pooled, safeNorm), List.of(), EMBEDDING);

        List<NodeProto> all = new ArrayList<>(head);
        all.addAll(source.getNodeList());
        all.addAll(nodes.drain());
        List<NodeProto> kept = reachable(all, EMBEDDING);
        Set<String> used = new HashSet<>();
        Set<String> produced = new HashSet<>();
        for (NodeProto node : kept) {
            used.addAll(node.getInputList());
            produced.addAll(node.getOutputList());
            graph.addNode(node);
        }
        for (TensorProto t : source.getInitializerList()) {
            if (used.contains(t.getName())) {
                graph.addInitializer(t);
            }
        }
        nodes.initializers.forEach(graph::addInitializer);
        for (ValueInfoProto info : source.getValueInfoList()) {
            if (produced.contains(info.getName()) && !info.getName().equals(TOKEN_TYPE_IDS)) {
                graph.addValueInfo(info);
            }
        }
        graph.addOutput(ValueInfoProto.newBuilder().setName(EMBEDDING).setType(TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchAxis))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))))));
        return teacher.toBuilder()
            .setProducerName("prectr-trainer")
            .setProducerVersion("")
            .setDocString("teacher [" + name + "] as a PRECTR bundle text encoder; source producer ["
                + teacher.getProducerName() + " " + teacher.getProducerVersion() + "]")
            .setGraph(graph)
            .build();
    }

    private static long defaultOpset(ModelProto model, String name) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (o.getVersion() < 9) {
                    throw new IllegalArgumentException("teacher [" + name + "] uses opset [" + o.getVersion()
                        + "]; at least [9] (ConstantOfShape) is needed");
                }
                return o.getVersion();
            }
        }
        throw new IllegalArgumentException("teacher [" + name + "] imports no default-domain opset");
    }

    private static void checkTokens(ValueInfoProto input, String name) {
        TypeProto.Tensor t = input.getType().getTensorType();
        if (t.getElemType() != INT64 || t.getShape().getDimCount() != 2) {
            throw new IllegalArgumentException("teacher [" + name + "] input [" + input.getName()
                + "] must be int64 [batch, sequence] but was " + input.getType());
        }
    }

    /** The input's symbolic name of an axis, or {@code fallback} when it is fixed, unnamed or equals {@code other}. */
    private static String dimParam(ValueInfoProto input, int axis, String fallback, String other) {
        TensorShapeProto.Dimension d = input.getType().getTensorType().getShape().getDim(axis);
        return d.hasDimParam() && !d.getDimParam().isEmpty() && !d.getDimParam().equals(other) ? d.getDimParam() : fallback;
    }

    private static ValueInfoProto tokens(String name, String batch, String sequence) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(INT64).setShape(TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(sequence))))).build();
    }

    /** The nodes {@code output} depends on, in their original (topological) order. */
    private static List<NodeProto> reachable(List<NodeProto> nodes, String output) {
        Set<String> needed = new HashSet<>(Set.of(output));
        boolean[] keep = new boolean[nodes.size()];
        for (int i = nodes.size() - 1; i >= 0; i--) {
            NodeProto node = nodes.get(i);
            boolean wanted = false;
            for (String out : node.getOutputList()) {
                wanted |= needed.contains(out);
            }
            if (wanted) {
                keep[i] = true;
                needed.addAll(node.getInputList());
            }
        }
        List<NodeProto> kept = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (keep[i]) {
                kept.add(nodes.get(i));
            }
        }
        return kept;
    }

    private static TensorProto longScalar(long value) {
        return TensorProto.newBuilder().setDataType(INT64).setRawData(ByteString.copyFrom(
            ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value).array())).build();
    }

    private static TensorProto floatScalar(float value) {
        return TensorProto.newBuilder().setDataType(FLOAT).setRawData(ByteString.copyFrom(
            ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, value).array())).build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto tensorAttr(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
    }

    /** Added nodes and constants, named under {@value #PREFIX} so they cannot clash with the teacher's names. */
    private static final class Nodes {
        private final long opset;
        private final List<NodeProto> nodes = new ArrayList<>();
        private final List<TensorProto> initializers = new ArrayList<>();
        private int next;

        Nodes(long opset) {
            this.opset = opset;
        }

        String add(String op, List<String> inputs, List<AttributeProto> attributes) {
            return add(op, inputs, attributes, PREFIX + op + "_" + (next++) + "_output");
        }

        String add(String op, List<String> inputs, List<AttributeProto> attributes, String output) {
            nodes.add(NodeProto.newBuilder().setName(PREFIX + op + "_" + (next++)).setOpType(op).addAllInput(inputs)
                .addAllAttribute(attributes).addOutput(output).build());
            return output;
        }

        String initializer(TensorProto value) {
            String name = PREFIX + "const_" + initializers.size() + "_" + (next++);
            initializers.add(value.toBuilder().setName(name).build());
            return name;
        }

        /** Unsqueeze: axes as an attribute before opset 13, as an int64 input from 13 on. */
        String unsqueeze(String input, long axis) {
            if (opset < 13) {
                return add("Unsqueeze", List.of(input), List.of(intsAttr("axes", axis)));
            }
            return add("Unsqueeze", List.of(input, initializer(longs(axis))), List.of());
        }

        /** ReduceSum: axes as an attribute before opset 13, as an int64 input from 13 on. */
        String reduceSum(String input, long axis, boolean keepDims) {
            AttributeProto keep = intAttr("keepdims", keepDims ? 1 : 0);
            if (opset < 13) {
                return add("ReduceSum", List.of(input), List.of(intsAttr("axes", axis), keep));
            }
            return add("ReduceSum", List.of(input, initializer(longs(axis))), List.of(keep));
        }

        List<NodeProto> drain() {
            List<NodeProto> out = List.copyOf(nodes);
            nodes.clear();
            return out;
        }

        private static TensorProto longs(long... values) {
            ByteBuffer raw = ByteBuffer.allocate(Long.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
            raw.asLongBuffer().put(values);
            return TensorProto.newBuilder().setDataType(INT64).addDims(values.length)
                .setRawData(ByteString.copyFrom(raw.array())).build();
        }
    }
}
