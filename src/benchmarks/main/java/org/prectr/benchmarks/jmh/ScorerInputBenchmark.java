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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.prectr.core.bundle.ModelBundle;

/**
 * How the scorer's inputs reach ONNX Runtime, measured on the bundle's own {@code scorer.onnx} with a
 * 1-thread session: {@code heapInputs} wraps Java arrays (ORT Java then copies each into a freshly
 * allocated direct buffer, as the core's OnnxPrectrModel does today); {@code directInputs} writes
 * into direct buffers allocated once and reused (no allocation, ORT reads them in place). The gap is
 * what a per-thread buffer pool in the core would save per window (issue 5: reused buffers).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ScorerInputBenchmark {

    @Param({"100", "1000"})
    public int window;

    @Param({BenchmarkBundles.DETERMINISTIC})
    public String bundle;

    private BenchmarkBundles.Loaded loaded;
    private OrtEnvironment env;
    private OrtSession session;
    private float[] query;
    private float[] items;
    private float[] features;
    private FloatBuffer directQuery;
    private FloatBuffer directItems;
    private FloatBuffer directFeatures;
    private int dim;
    private int featureCount;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loaded = BenchmarkBundles.load(bundle);
        ModelBundle b = loaded.bundle();
        dim = b.manifest().embeddingDim();
        featureCount = b.manifest().features().size();
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(b.dir().resolve(b.manifest().graphs().scorer().file()).toString(), options);
        }
        SplittableRandom random = new SplittableRandom(42);
        query = new float[window * dim];
        items = new float[window * dim];
        features = new float[window * featureCount];
        for (int i = 0; i < items.length; i++) {
            query[i] = (float) random.nextGaussian() * 0.25f;
            items[i] = (float) random.nextGaussian() * 0.25f;
        }
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        directQuery = direct(query.length);
        directItems = direct(items.length);
        directFeatures = direct(features.length);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        session.close();
        loaded.close();
    }

    @Benchmark
    public float heapInputs() throws OrtException {
        return run(FloatBuffer.wrap(query), FloatBuffer.wrap(items), FloatBuffer.wrap(features));
    }

    @Benchmark
    public float directInputs() throws OrtException {
        directQuery.clear();
        directQuery.put(query).flip();
        directItems.clear();
        directItems.put(items).flip();
        directFeatures.clear();
        directFeatures.put(features).flip();
        return run(directQuery, directItems, directFeatures);
    }

    private float run(FloatBuffer q, FloatBuffer i, FloatBuffer f) throws OrtException {
        long[] embeddingShape = {window, dim};
        try (OnnxTensor tq = OnnxTensor.createTensor(env, q, embeddingShape);
             OnnxTensor ti = OnnxTensor.createTensor(env, i, embeddingShape);
             OnnxTensor tf = OnnxTensor.createTensor(env, f, new long[] {window, featureCount});
             OrtSession.Result result = session.run(Map.of("query_embedding", tq, "item_embedding", ti, "features", tf))) {
            FloatBuffer score = ((OnnxTensor) result.get("score").orElseThrow()).getFloatBuffer();
            return score.get(0) + score.get(window - 1);
        }
    }
}
