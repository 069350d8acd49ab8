package org.prectr.benchmarks.baseline;

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
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns a HuggingFace BERT-style ONNX export (inputs {@code input_ids}, {@code attention_mask},
 * {@code token_type_ids}; first output the hidden states [B, L, H]) into a bundle encoder
 * (docs/bundle.md: inputs {@code input_ids}, {@code attention_mask}; output {@code embedding} [B, H]):
 * token types are fed as zeros (single-segment text), and the hidden states are mean-pooled over the
 * mask and L2-normalised, as sentence-transformers does for all-MiniLM-L6-v2. The transformer itself
 * is untouched. Handles both attribute-axes (opset &lt; 13) and input-axes (opset &gt;= 13) forms.
 */
public final class MeanPoolingGraph {

    private static final String PREFIX = "prectr_pool_";

    private MeanPoolingGraph() {
    }

    /**
     * @param hfModel the serialised HuggingFace export
     * @param hidden H, the hidden size
     * @return the serialised bundle encoder
     * @throws InvalidProtocolBufferException if the bytes are not an ONNX model
     * @throws IllegalArgumentException if the model lacks an expected input or output
     */
    public static byte[] wrap(byte[] hfModel, int hidden) throws InvalidProtocolBufferException {
        ModelProto model = ModelProto.parseFrom(hfModel);
        long opset = 0;
        for (OperatorSetIdProto id : model.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || "ai.onnx".equals(id.getDomain())) {
                opset = id.getVersion();
            }
        }
        boolean axesAsInput = opset >= 13;
        GraphProto.Builder g = model.getGraph().toBuilder();
        require(g, "input_ids");
        require(g, "attention_mask");
        // exporters name it differently (last_hidden_state, output_0): take the first [B, L, H] output
        String hiddenStates = g.getOutputList().stream()
            .filter(v -> v.getType().getTensorType().getShape().getDimCount() == 3).map(ValueInfoProto::getName)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("[model] must have a [batch, length, hidden] output but has "
                + g.getOutputList().stream().map(ValueInfoProto::getName).toList()));

        // token_type_ids = input_ids * 0, computed first so every later node sees it
        boolean hasTokenTypes = false;
        for (int i = 0; i < g.getInputCount(); i++) {
            if ("token_type_ids".equals(g.getInput(i).getName())) {
                g.removeInput(i);
                hasTokenTypes = true;
                break;
            }
        }
        if (hasTokenTypes) {
            g.addInitializer(longScalar(PREFIX + "zero"));
            g.addNode(0, node("Mul", "token_type_ids", "input_ids", PREFIX + "zero"));
        }

        g.addInitializer(floatScalar(PREFIX + "count_floor", 1e-9f));
        g.addInitializer(floatScalar(PREFIX + "norm_floor", 1e-12f));
        if (axesAsInput) {
            g.addInitializer(longs(PREFIX + "axis1", 1));
            g.addInitializer(longs(PREFIX + "axis2", 2));
        }
        g.addNode(node("Cast", PREFIX + "mask", "attention_mask").toBuilder()
            .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                .setI(TensorProto.DataType.FLOAT_VALUE)).build());
        g.addNode(axes(node("Unsqueeze", PREFIX + "mask3", PREFIX + "mask"), axesAsInput, 2, PREFIX + "axis2"));
        g.addNode(node("Mul", PREFIX + "masked", hiddenStates, PREFIX + "mask3"));
        g.addNode(keepDims(axes(node("ReduceSum", PREFIX + "sum", PREFIX + "masked"), axesAsInput, 1, PREFIX + "axis1"), 0));
        g.addNode(keepDims(axes(node("ReduceSum", PREFIX + "count", PREFIX + "mask3"), axesAsInput, 1, PREFIX + "axis1"), 0));
        g.addNode(node("Max", PREFIX + "count_safe", PREFIX + "count", PREFIX + "count_floor"));
        g.addNode(node("Div", PREFIX + "mean", PREFIX + "sum", PREFIX + "count_safe"));
        g.addNode(node("Mul", PREFIX + "square", PREFIX + "mean", PREFIX + "mean"));
        g.addNode(keepDims(axes(node("ReduceSum", PREFIX + "sumsq", PREFIX + "square"), axesAsInput, 1, PREFIX + "axis1"), 1));
        g.addNode(node("Max", PREFIX + "sumsq_safe", PREFIX + "sumsq", PREFIX + "norm_floor"));
        g.addNode(node("Sqrt", PREFIX + "norm", PREFIX + "sumsq_safe"));
        g.addNode(node("Div", "embedding", PREFIX + "mean", PREFIX + "norm"));

        g.clearOutput();
        g.addOutput(ValueInfoProto.newBuilder().setName("embedding").setType(TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                .setShape(TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(hidden))))));
        return model.toBuilder().setGraph(g).build().toByteArray();
    }

    private static void require(GraphProto.Builder g, String input) {
        if (g.getInputList().stream().noneMatch(v -> v.getName().equals(input))) {
            throw new IllegalArgumentException("[model] must have input [" + input + "] but has "
                + g.getInputList().stream().map(ValueInfoProto::getName).toList());
        }
    }

    private static NodeProto node(String op, String output, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output + "_node").addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n.build();
    }

    private static NodeProto axes(NodeProto node, boolean asInput, long axis, String axisInput) {
        return asInput ? node.toBuilder().addInput(axisInput).build()
            : node.toBuilder().addAttribute(AttributeProto.newBuilder().setName("axes")
                .setType(AttributeProto.AttributeType.INTS).addInts(axis)).build();
    }

    private static NodeProto keepDims(NodeProto node, long keep) {
        return node.toBuilder().addAttribute(AttributeProto.newBuilder().setName("keepdims")
            .setType(AttributeProto.AttributeType.INT).setI(keep)).build();
    }

    private static TensorProto floatScalar(String name, float value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(b.array())).build();
    }

    private static TensorProto longScalar(String name) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
            .setRawData(ByteString.copyFrom(new byte[8])).build();
    }

    private static TensorProto longs(String name, long value) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(1)
            .setRawData(ByteString.copyFrom(b.array())).build();
    }
}
