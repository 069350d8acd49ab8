package org.prectr.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The model-level contract of {@link OnnxGraphBuilder}: versions, names, initializers, checks, files. */
public class OnnxGraphBuilderTests {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static OnnxGraphBuilder affine() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("affine");
        String x = g.input("x", OnnxElementType.FLOAT, OnnxDim.named("batch"), OnnxDim.fixed(2));
        String y = g.ops().linear(x, g.initializer("w", new float[] {1f, 2f, 3f, 4f}, 2, 2),
            g.initializer("b", new float[] {0.5f, -0.5f}, 2));
        g.output(y, "y", OnnxElementType.FLOAT, OnnxDim.named("batch"), OnnxDim.fixed(2));
        return g;
    }

    @Test
    public void modelDeclaresIrVersion8AndOpset17() {
        ModelProto model = affine().build();
        assertEquals(8, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals("prectr-onnx", model.getProducerName());
        assertEquals("trainer", affine().producer("trainer").build().getProducerName());
    }

    @Test
    public void initializersAreLittleEndianRawData() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        g.initializer("f", new float[] {1.5f, -2f}, 2);
        g.initializer("l", new long[] {258L}, 1, 1);
        g.output(g.ops().identity("f"), "y", OnnxElementType.FLOAT);
        List<TensorProto> initializers = g.build().getGraph().getInitializerList();
        TensorProto f = initializers.get(0);
        assertEquals(OnnxElementType.FLOAT.code(), f.getDataType());
        assertEquals(List.of(2L), f.getDimsList());
        ByteBuffer floats = ByteBuffer.wrap(f.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, floats.getFloat(), 0f);
        assertEquals(-2f, floats.getFloat(), 0f);
        TensorProto l = initializers.get(1);
        assertEquals(OnnxElementType.INT64.code(), l.getDataType());
        assertEquals(List.of(1L, 1L), l.getDimsList());
        assertArrayEquals(new byte[] {2, 1, 0, 0, 0, 0, 0, 0}, l.getRawData().toByteArray());
    }

    @Test
    public void namesAreMadeUniqueAndOutputsRenamedThroughIdentity() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        assertEquals("w", g.initializer("w", new float[] {1f}));
        assertEquals("w_1", g.initializer("w", new float[] {2f}));
        assertEquals("w_2", g.uniqueName("w"));
        String sum = g.ops().add("w", "w_1");
        String again = g.ops().add(sum, "w");
        assertEquals("Add_out", sum);
        assertEquals("Add_1_out", again);
        g.output(again, "total", OnnxElementType.FLOAT);
        List<NodeProto> nodes = g.build().getGraph().getNodeList();
        assertEquals("Identity", nodes.get(2).getOpType());
        assertEquals(List.of("Add_1_out"), nodes.get(2).getInputList());
        assertEquals("total", g.build().getGraph().getOutput(0).getName());
    }

    @Test
    public void attributesKeepTheirTypes() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String x = g.input("x", OnnxElementType.FLOAT);
        g.node("Custom").inputs(x).attr("i", 3L).attr("f", 0.5f).attr("s", "text")
            .ints("is", 1, 2).floats("fs", 0.25f).output("y");
        g.output("y", "y", OnnxElementType.FLOAT);
        List<AttributeProto> attributes = g.build().getGraph().getNode(0).getAttributeList();
        assertEquals(AttributeProto.AttributeType.INT, attributes.get(0).getType());
        assertEquals(3L, attributes.get(0).getI());
        assertEquals(0.5f, attributes.get(1).getF(), 0f);
        assertEquals("text", attributes.get(2).getS().toStringUtf8());
        assertEquals(List.of(1L, 2L), attributes.get(3).getIntsList());
        assertEquals(List.of(0.25f), attributes.get(4).getFloatsList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> g.node("Relu").attr("a", 1L).attr("a", 2L));
        assertEquals("node [Relu] already has attribute [a]", e.getMessage());
    }

    @Test
    public void badGraphsAreRefusedWithExactMessages() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("bad");
        g.input("x", OnnxElementType.FLOAT);
        assertEquals("input name [x] is already used in graph [bad]",
            assertThrows(IllegalArgumentException.class, () -> g.input("x", OnnxElementType.INT64)).getMessage());
        assertEquals("node [MatMul] (MatMul) reads [missing], which is not a graph input, an initializer or an earlier node output",
            assertThrows(IllegalArgumentException.class, () -> g.ops().matMul("x", "missing")).getMessage());
        assertEquals("graph output [y] reads [nothing], which is not a graph input, an initializer or an earlier node output",
            assertThrows(IllegalArgumentException.class, () -> g.output("nothing", "y", OnnxElementType.FLOAT)).getMessage());
        assertEquals("initializer [w] [dims] [2, 3] hold [6] values but [values] has [5]",
            assertThrows(IllegalArgumentException.class, () -> g.initializer("w", new float[5], 2, 3)).getMessage());
        assertEquals("graph [bad] has no outputs", assertThrows(IllegalStateException.class, g::build).getMessage());
        assertEquals("[size] must be >= 0 for a fixed axis but was [-2]",
            assertThrows(IllegalArgumentException.class, () -> OnnxDim.fixed(-2)).getMessage());
        assertEquals("[param] must not be blank but was [ ]",
            assertThrows(IllegalArgumentException.class, () -> OnnxDim.named(" ")).getMessage());
        assertEquals("[count] must be at least [1] but was [0]",
            assertThrows(IllegalArgumentException.class, () -> g.node("Relu").inputs("x").outputs(0)).getMessage());
    }

    @Test
    public void writtenFileLoadsWithNamedDynamicAxesAndComputes() throws Exception {
        Path file = temp.getRoot().toPath().resolve("affine.onnx");
        affine().write(file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(affine().toBytes(), bytes);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString())) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            TensorInfo x = (TensorInfo) inputs.get("x").getInfo();
            assertArrayEquals(new long[] {-1, 2}, x.getShape());
            assertArrayEquals(new String[] {"batch", ""}, x.getDimensionNames());
            assertEquals(List.of("y"), List.copyOf(session.getOutputNames()));
        }
        // y = x @ [[1, 2], [3, 4]] + [0.5, -0.5]
        float[] y = new OrtTestRunner().floats("x", new float[] {1f, 1f, 2f, 0f}, 2, 2).runFloats(bytes, "y");
        assertArrayEquals(new float[] {4.5f, 5.5f, 2.5f, 3.5f}, y, 0f);
    }
}
