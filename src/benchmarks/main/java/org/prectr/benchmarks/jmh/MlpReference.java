package org.prectr.benchmarks.jmh;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.prectr.onnx.OnnxDim;
import org.prectr.onnx.OnnxElementType;
import org.prectr.onnx.OnnxGraphBuilder;
import org.prectr.onnx.OnnxOps;

/**
 * The yardstick of issue 12: a plain MLP of about 83 kFLOP per hit, run in ONNX Runtime exactly as the
 * scorer is (1 intra-op and 1 inter-op thread, one call per window, inputs from a reused direct
 * buffer). Its input is one row per hit as wide as the scorer's inputs together (query embedding, item
 * embedding and features: 2D + F), then dense layers {@link #HIDDEN} with ReLU, and one sigmoid
 * output. FLOPs count a multiply-add as 2. Weights are seeded Gaussians (the cost does not depend on them).
 */
final class MlpReference implements AutoCloseable {

    /** The input width of the default bundle's scorer: 2D + F = 2 x 128 + 22. */
    static final int WIDTH = 278;

    /** Hidden widths: with {@link #WIDTH} inputs, 2 x (278 x 141 + 141 x 16 + 16) = 82,940 FLOP per hit. */
    static final int[] HIDDEN = {141, 16};

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int width;
    private final int rows;
    private final float[] input;
    private final FloatBuffer direct;
    private final long flopsPerHit;

    /**
     * @param width the input width per hit (2D + F of the bundle)
     * @param rows the window
     * @throws OrtException if ONNX Runtime refuses the graph
     */
    MlpReference(int width, int rows) throws OrtException {
        this.width = width;
        this.rows = rows;
        SplittableRandom random = new SplittableRandom(42);
        OnnxGraphBuilder g = new OnnxGraphBuilder("mlp_reference").producer("prectr-benchmarks");
        OnnxOps ops = g.ops();
        String x = g.input("x", OnnxElementType.FLOAT, OnnxDim.named("N"), OnnxDim.fixed(width));
        long flops = 0;
        int in = width;
        for (int out : HIDDEN) {
            x = ops.relu(ops.linear(x, g.initializer("w", gaussian(random, in * out, in), in, out), g.initializer("b", new float[out], out)));
            flops += 2L * in * out;
            in = out;
        }
        String logit = ops.linear(x, g.initializer("w", gaussian(random, in, in), in, 1), g.initializer("b", new float[1], 1));
        flops += 2L * in;
        g.output(ops.sigmoid(logit), "score", OnnxElementType.FLOAT, OnnxDim.named("N"), OnnxDim.fixed(1));
        this.flopsPerHit = flops;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(g.toBytes(), options);
        }
        input = gaussian(random, rows * width, 4);
        direct = ByteBuffer.allocateDirect(4 * input.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static float[] gaussian(SplittableRandom random, int n, int fanIn) {
        float[] values = new float[n];
        double scale = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    /** @return FLOP per hit (a multiply-add counts 2) */
    long flopsPerHit() {
        return flopsPerHit;
    }

    /**
     * One window: copy the inputs into the reused direct buffer, one session call.
     *
     * @return a checksum of the outputs
     */
    float run() {
        direct.clear();
        direct.put(input).flip();
        try (OnnxTensor x = OnnxTensor.createTensor(env, direct, new long[] {rows, width});
             OrtSession.Result result = session.run(Map.of("x", x))) {
            FloatBuffer score = ((OnnxTensor) result.get(0)).getFloatBuffer();
            return score.get(0) + score.get(rows - 1);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
