package org.prectr.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One ONNX node being written: its inputs and attributes, then its outputs, which add it to the graph.
 *
 * <p>Obtained from {@link OnnxGraphBuilder#node(String)}; the node joins the graph only when one of the
 * {@code output} methods is called, so a half-built node never reaches the model. An empty string
 * input is an omitted optional input, as in the ONNX spec.
 */
public final class OnnxNodeBuilder {

    private final OnnxGraphBuilder graph;
    private final NodeProto.Builder node;
    private boolean added;

    OnnxNodeBuilder(OnnxGraphBuilder graph, String opType, String nodeName) {
        this.graph = graph;
        this.node = NodeProto.newBuilder().setOpType(opType).setName(nodeName);
    }

    /**
     * @param names value names, in the operator's input order; {@code ""} skips an optional input
     * @return this
     */
    public OnnxNodeBuilder inputs(String... names) {
        for (String name : names) {
            node.addInput(Objects.requireNonNull(name, "input name"));
        }
        return this;
    }

    /** @return this, with an INT attribute */
    public OnnxNodeBuilder attr(String name, long value) {
        return add(attribute(name, AttributeType.INT).setI(value));
    }

    /** @return this, with a FLOAT attribute */
    public OnnxNodeBuilder attr(String name, float value) {
        return add(attribute(name, AttributeType.FLOAT).setF(value));
    }

    /** @return this, with a STRING attribute (UTF-8) */
    public OnnxNodeBuilder attr(String name, String value) {
        return add(attribute(name, AttributeType.STRING).setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)));
    }

    /** @return this, with an INTS attribute */
    public OnnxNodeBuilder ints(String name, long... values) {
        AttributeProto.Builder attribute = attribute(name, AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return add(attribute);
    }

    /** @return this, with a FLOATS attribute */
    public OnnxNodeBuilder floats(String name, float... values) {
        AttributeProto.Builder attribute = attribute(name, AttributeType.FLOATS);
        for (float value : values) {
            attribute.addFloats(value);
        }
        return add(attribute);
    }

    /**
     * Adds the node with one output of a generated unique name.
     *
     * @return the output value name
     */
    public String output() {
        return outputs(1).get(0);
    }

    /**
     * Adds the node with one output of the given name.
     *
     * @param name the output value name; must be unused in the graph
     * @return {@code name}
     */
    public String output(String name) {
        graph.reserve(name, "output");
        node.addOutput(name);
        finish();
        return name;
    }

    /**
     * Adds the node with {@code count} outputs of generated unique names.
     *
     * @param count the number of outputs, at least 1
     * @return the output value names, in order
     */
    public List<String> outputs(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("[count] must be at least [1] but was [" + count + "]");
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = graph.uniqueName(node.getName() + "_out" + (i == 0 ? "" : Integer.toString(i)));
            node.addOutput(name);
            names.add(name);
        }
        finish();
        return List.copyOf(names);
    }

    private void finish() {
        if (added) {
            throw new IllegalStateException("node [" + node.getName() + "] was already added to the graph");
        }
        added = true;
        graph.addNode(node.build());
    }

    private static AttributeProto.Builder attribute(String name, AttributeType type) {
        return AttributeProto.newBuilder().setName(Objects.requireNonNull(name, "attribute name")).setType(type);
    }

    private OnnxNodeBuilder add(AttributeProto.Builder attribute) {
        for (AttributeProto existing : node.getAttributeList()) {
            if (existing.getName().equals(attribute.getName())) {
                throw new IllegalArgumentException(
                    "node [" + node.getName() + "] already has attribute [" + attribute.getName() + "]");
            }
        }
        node.addAttribute(attribute);
        return this;
    }
}
