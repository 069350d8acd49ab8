package org.prectr.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.Test;

/** Every helper of {@link OnnxOps}, run in the real ONNX Runtime and compared with plain Java loops. */
public class OnnxOpsTests {

    private static final float TOLERANCE = 1e-5f;
    private static final OnnxDim B = OnnxDim.named("batch");
    private final Random random = new Random(42);

    private float[] randomFloats(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Builds y = op(x) for x [2, 3] and runs it. */
    private float[] runUnary(float[] x, Function<OnnxOps, Function<String, String>> op, long... outDims) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String in = g.input("x", OnnxElementType.FLOAT, B, OnnxDim.fixed(3));
        g.output(op.apply(g.ops()).apply(in), "y", OnnxElementType.FLOAT, dims(outDims));
        return new OrtTestRunner().floats("x", x, 2, 3).runFloats(g.toBytes(), "y");
    }

    private float[] runBinary(float[] a, float[] b, long[] bShape, BiFunction<OnnxOps, String[], String> op) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String x = g.input("a", OnnxElementType.FLOAT, B, OnnxDim.fixed(3));
        String y = g.input("b", OnnxElementType.FLOAT, dims(bShape));
        g.output(op.apply(g.ops(), new String[] {x, y}), "y", OnnxElementType.FLOAT);
        return new OrtTestRunner().floats("a", a, 2, 3).floats("b", b, bShape).runFloats(g.toBytes(), "y");
    }

    private static OnnxDim[] dims(long... sizes) {
        OnnxDim[] dims = new OnnxDim[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            dims[i] = OnnxDim.fixed(sizes[i]);
        }
        return dims;
    }

    private static float[] map(float[] x, DoubleUnaryOperator f) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) f.applyAsDouble(x[i]);
        }
        return out;
    }

    /** Element-wise with b broadcast as a row of 3 when it is shorter. */
    private static float[] zip(float[] a, float[] b, DoubleBinaryOperator f) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) f.applyAsDouble(a[i], b[b.length == a.length ? i : i % b.length]);
        }
        return out;
    }

    @Test
    public void elementwiseUnaryOpsMatchJava() throws Exception {
        float[] x = randomFloats(6);
        float[] positive = map(x, v -> Math.abs(v) + 0.1);
        assertArrayEquals(map(x, v -> Math.max(v, 0)), runUnary(x, o -> o::relu, 2, 3), TOLERANCE);
        assertArrayEquals(map(x, v -> 1 / (1 + Math.exp(-v))), runUnary(x, o -> o::sigmoid, 2, 3), TOLERANCE);
        assertArrayEquals(map(x, v -> Math.log1p(Math.exp(v))), runUnary(x, o -> o::softplus, 2, 3), TOLERANCE);
        assertArrayEquals(map(x, v -> -v), runUnary(x, o -> o::neg, 2, 3), TOLERANCE);
        assertArrayEquals(map(x, Math::exp), runUnary(x, o -> o::exp, 2, 3), TOLERANCE);
        assertArrayEquals(map(positive, Math::log), runUnary(positive, o -> o::log, 2, 3), TOLERANCE);
        assertArrayEquals(map(positive, Math::sqrt), runUnary(positive, o -> o::sqrt, 2, 3), TOLERANCE);
        assertArrayEquals(x, runUnary(x, o -> o::identity, 2, 3), 0f);
        assertArrayEquals(map(x, v -> Math.min(Math.max(v, -0.5), 0.25)),
            runUnary(x, o -> v -> o.clip(v, -0.5f, 0.25f), 2, 3), TOLERANCE);
    }

    @Test
    public void elementwiseBinaryOpsBroadcastLikeJava() throws Exception {
        float[] a = randomFloats(6);
        float[] b = map(randomFloats(3), v -> Math.abs(v) + 0.5);
        long[] row = {3};
        assertArrayEquals(zip(a, b, Double::sum), runBinary(a, b, row, (o, v) -> o.add(v[0], v[1])), TOLERANCE);
        assertArrayEquals(zip(a, b, (p, q) -> p - q), runBinary(a, b, row, (o, v) -> o.sub(v[0], v[1])), TOLERANCE);
        assertArrayEquals(zip(a, b, (p, q) -> p * q), runBinary(a, b, row, (o, v) -> o.mul(v[0], v[1])), TOLERANCE);
        assertArrayEquals(zip(a, b, (p, q) -> p / q), runBinary(a, b, row, (o, v) -> o.div(v[0], v[1])), TOLERANCE);
        float[] c = randomFloats(6);
        assertArrayEquals(zip(a, c, Math::max),
            runBinary(a, c, new long[] {2, 3}, (o, v) -> o.max(v[0], v[1])), TOLERANCE);
    }

    @Test
    public void matMulAndLinearMatchJava() throws Exception {
        float[] x = randomFloats(6);
        float[] w = randomFloats(12);
        float[] bias = randomFloats(4);
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String in = g.input("x", OnnxElementType.FLOAT, B, OnnxDim.fixed(3));
        String weight = g.initializer("w", w, 3, 4);
        g.output(g.ops().matMul(in, weight), "product", OnnxElementType.FLOAT);
        g.output(g.ops().linear(in, weight, g.initializer("b", bias, 4)), "dense", OnnxElementType.FLOAT);
        Map<String, Object> out = new OrtTestRunner().floats("x", x, 2, 3).run(g.toBytes());
        float[] product = new float[8];
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 4; j++) {
                for (int i = 0; i < 3; i++) {
                    product[r * 4 + j] += x[r * 3 + i] * w[i * 4 + j];
                }
            }
        }
        assertArrayEquals(product, (float[]) out.get("product"), TOLERANCE);
        assertArrayEquals(zip(product, bias, Double::sum), (float[]) out.get("dense"), TOLERANCE);
    }

    @Test
    public void gatherLooksUpEmbeddingRows() throws Exception {
        float[] table = randomFloats(5 * 2);
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String ids = g.input("ids", OnnxElementType.INT64, B, OnnxDim.named("length"));
        g.output(g.ops().gather(g.initializer("table", table, 5, 2), ids, 0), "y", OnnxElementType.FLOAT);
        long[] idValues = {4, 0, 2, 2, 1, 3};
        float[] out = new OrtTestRunner().longs("ids", idValues, 2, 3).runFloats(g.toBytes(), "y");
        float[] expected = new float[12];
        for (int i = 0; i < idValues.length; i++) {
            expected[2 * i] = table[(int) idValues[i] * 2];
            expected[2 * i + 1] = table[(int) idValues[i] * 2 + 1];
        }
        assertArrayEquals(expected, out, 0f);
    }

    @Test
    public void softmaxAndReductionsWorkAlongTheLastAxis() throws Exception {
        float[] x = randomFloats(6);
        float[] softmax = new float[6];
        float[] sum = new float[2];
        float[] mean = new float[2];
        float[] max = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int r = 0; r < 2; r++) {
            double z = 0;
            for (int i = 0; i < 3; i++) {
                z += Math.exp(x[r * 3 + i]);
                sum[r] += x[r * 3 + i];
                max[r] = Math.max(max[r], x[r * 3 + i]);
            }
            mean[r] = sum[r] / 3;
            for (int i = 0; i < 3; i++) {
                softmax[r * 3 + i] = (float) (Math.exp(x[r * 3 + i]) / z);
            }
        }
        assertArrayEquals(softmax, runUnary(x, o -> v -> o.softmax(v, -1), 2, 3), TOLERANCE);
        assertArrayEquals(sum, runUnary(x, o -> v -> o.reduceSum(v, true, 1), 2, 1), TOLERANCE);
        assertArrayEquals(sum, runUnary(x, o -> v -> o.reduceSum(v, false, -1), 2), TOLERANCE);
        assertArrayEquals(mean, runUnary(x, o -> v -> o.reduceMean(v, false, 1), 2), TOLERANCE);
        assertArrayEquals(max, runUnary(x, o -> v -> o.reduceMax(v, true, 1), 2, 1), TOLERANCE);
        float[] columnSums = new float[3];
        for (int i = 0; i < 6; i++) {
            columnSums[i % 3] += x[i];
        }
        assertArrayEquals(columnSums, runUnary(x, o -> v -> o.reduceSum(v, false, 0), 3), TOLERANCE);
    }

    @Test
    public void layerNormalizationMatchesJava() throws Exception {
        float[] x = randomFloats(6);
        float[] scale = randomFloats(3);
        float[] bias = randomFloats(3);
        float epsilon = 1e-5f;
        float[] expected = new float[6];
        float[] expectedNoBias = new float[6];
        for (int r = 0; r < 2; r++) {
            double mean = (x[r * 3] + x[r * 3 + 1] + x[r * 3 + 2]) / 3.0;
            double variance = 0;
            for (int i = 0; i < 3; i++) {
                variance += (x[r * 3 + i] - mean) * (x[r * 3 + i] - mean) / 3.0;
            }
            for (int i = 0; i < 3; i++) {
                double normalised = (x[r * 3 + i] - mean) / Math.sqrt(variance + epsilon);
                expected[r * 3 + i] = (float) (normalised * scale[i] + bias[i]);
                expectedNoBias[r * 3 + i] = (float) (normalised * scale[i]);
            }
        }
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String in = g.input("x", OnnxElementType.FLOAT, B, OnnxDim.fixed(3));
        String s = g.initializer("scale", scale, 3);
        g.output(g.ops().layerNormalization(in, s, g.initializer("bias", bias, 3), -1, epsilon), "y", OnnxElementType.FLOAT);
        g.output(g.ops().layerNormalization(in, s, null, -1, epsilon), "z", OnnxElementType.FLOAT);
        Map<String, Object> out = new OrtTestRunner().floats("x", x, 2, 3).run(g.toBytes());
        assertArrayEquals(expected, (float[]) out.get("y"), TOLERANCE);
        assertArrayEquals(expectedNoBias, (float[]) out.get("z"), TOLERANCE);
    }

    @Test
    public void shapeOpsMoveValuesLikeJava() throws Exception {
        float[] x = randomFloats(6);
        float[] transposed = new float[6];
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 3; i++) {
                transposed[i * 2 + r] = x[r * 3 + i];
            }
        }
        assertArrayEquals(transposed, runUnary(x, o -> v -> o.transpose(v, 1, 0), 3, 2), 0f);
        assertArrayEquals(x, runUnary(x, o -> v -> o.reshape(v, 0, 3, 1), 2, 3, 1), 0f);
        assertArrayEquals(x, runUnary(x, o -> v -> o.squeeze(o.unsqueeze(v, 1), 1), 2, 3), 0f);
        assertArrayEquals(new float[] {x[1], x[2], x[4], x[5]},
            runUnary(x, o -> v -> o.slice(v, new long[] {1}, new long[] {Long.MAX_VALUE}, new long[] {1}), 2, 2), 0f);
        float[] doubled = new float[12];
        System.arraycopy(x, 0, doubled, 0, 3);
        System.arraycopy(x, 0, doubled, 3, 3);
        System.arraycopy(x, 3, doubled, 6, 3);
        System.arraycopy(x, 3, doubled, 9, 3);
        assertArrayEquals(doubled, runUnary(x, o -> v -> o.reshape(o.concat(1, v, v), 2, 2, 3), 2, 2, 3), 0f);
    }

    @Test
    public void expandBroadcastsToAnotherTensorsShape() throws Exception {
        float[] row = randomFloats(3);
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String x = g.input("x", OnnxElementType.FLOAT, B, OnnxDim.fixed(3));
        String r = g.initializer("row", row, 1, 3);
        g.output(g.ops().expand(r, g.ops().shape(x)), "y", OnnxElementType.FLOAT);
        g.output(g.ops().shape(x, 0, 1), "batch", OnnxElementType.INT64);
        Map<String, Object> out = new OrtTestRunner().floats("x", new float[12], 4, 3).run(g.toBytes());
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = row[i % 3];
        }
        assertArrayEquals(expected, (float[]) out.get("y"), 0f);
        assertArrayEquals(new long[] {4}, (long[]) out.get("batch"));
    }

    @Test
    public void equalWhereAndCastSelectLikeJava() throws Exception {
        long[] ids = {0, 3, 0, 7, 0, 1};
        float[] x = randomFloats(6);
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String in = g.input("ids", OnnxElementType.INT64, B, OnnxDim.fixed(3));
        String values = g.input("x", OnnxElementType.FLOAT, B, OnnxDim.fixed(3));
        String isPad = g.ops().equal(in, g.initializer("zero", new long[] {0}));
        g.output(isPad, "pad", OnnxElementType.BOOL);
        g.output(g.ops().where(isPad, g.scalar(-1f), values), "masked", OnnxElementType.FLOAT);
        g.output(g.ops().cast(in, OnnxElementType.FLOAT), "asFloat", OnnxElementType.FLOAT);
        g.output(g.ops().cast(isPad, OnnxElementType.INT64), "padCount", OnnxElementType.INT64);
        Map<String, Object> out = new OrtTestRunner().longs("ids", ids, 2, 3).floats("x", x, 2, 3).run(g.toBytes());
        boolean[] pad = (boolean[]) out.get("pad");
        float[] masked = (float[]) out.get("masked");
        float[] asFloat = (float[]) out.get("asFloat");
        long[] padCount = (long[]) out.get("padCount");
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i] == 0, pad[i]);
            assertEquals(ids[i] == 0 ? -1f : x[i], masked[i], 0f);
            assertEquals((float) ids[i], asFloat[i], 0f);
            assertEquals(ids[i] == 0 ? 1L : 0L, padCount[i]);
        }
    }
}
