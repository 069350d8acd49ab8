package org.prectr.core.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.GraphContract;
import org.prectr.core.bundle.GraphSpec;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.text.TokenBatch;

/**
 * A {@link PrectrModel} over ONNX Runtime: one session per distinct graph file (the query and item
 * encoders may share one), created with the thread counts of {@link InferenceOptions}. Every graph is
 * checked when loaded: its input and output names must be exactly the manifest's, with the contract's
 * element types (int64 ids and mask, float32 otherwise) and the manifest's shapes. Native failures,
 * including a {@link LinkageError} while ONNX Runtime initialises, become {@link InvalidBundleException}
 * at load time and {@link InferenceException} at run time, never an {@link Error}. Thread-safe.
 */
public final class OnnxPrectrModel implements PrectrModel {

    private final Map<String, OrtSession> sessions;
    private final OrtEnvironment env;
    private final String queryFile;
    private final String itemFile;
    private final String scorerFile;
    private final int dim;
    private final int grades;
    private final int features;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OnnxPrectrModel(OrtEnvironment env, Map<String, OrtSession> sessions, BundleManifest manifest) {
        this.env = env;
        this.sessions = sessions;
        this.queryFile = manifest.graphs().queryEncoder().file();
        this.itemFile = manifest.graphs().itemEncoder().file();
        this.scorerFile = manifest.graphs().scorer().file();
        this.dim = manifest.embeddingDim();
        this.grades = manifest.gradeCount();
        this.features = manifest.features().size();
    }

    /**
     * Opens and checks the manifest's graphs. On failure, every session already opened is closed.
     *
     * @param bundleDir the bundle folder holding the graph files
     * @param manifest the bundle's (already checked) manifest
     * @param options session threads
     * @return the model
     * @throws InvalidBundleException naming the graph file, e.g.
     *     {@code [scorer.onnx] input [features]: expected shape [-1, 19] but found [-1, 12]}
     */
    public static OnnxPrectrModel load(Path bundleDir, BundleManifest manifest, InferenceOptions options)
        throws InvalidBundleException {
        Map<String, OrtSession> sessions = new LinkedHashMap<>();
        boolean success = false;
        try {
            OrtEnvironment env = environment(manifest.graphs().scorer().file());
            for (GraphContract.Role role : GraphContract.Role.values()) {
                GraphSpec graph = role.of(manifest.graphs());
                OrtSession session = sessions.get(graph.file());
                if (session == null) {
                    session = open(env, bundleDir, graph.file(), options);
                    sessions.put(graph.file(), session);
                }
                check(session, graph, role, manifest);
            }
            OnnxPrectrModel model = new OnnxPrectrModel(env, Map.copyOf(sessions), manifest);
            success = true;
            return model;
        } finally {
            if (success == false) {
                closeAll(sessions.values());
            }
        }
    }

    private static OrtEnvironment environment(String file) throws InvalidBundleException {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (LinkageError | RuntimeException e) {
            // ExceptionInInitializerError / UnsatisfiedLinkError: ORT cannot run in this JVM
            throw new InvalidBundleException(file, "cannot be loaded: ONNX Runtime is not available in this JVM ["
                + e + "]", e);
        }
    }

    private static OrtSession open(OrtEnvironment env, Path dir, String file, InferenceOptions options)
        throws InvalidBundleException {
        Path path = dir.resolve(file);
        if (Files.isRegularFile(path) == false) {
            throw new InvalidBundleException(file, "expected [a graph file] but found [no such file]");
        }
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            return env.createSession(path.toString(), so);
        } catch (OrtException | RuntimeException | LinkageError e) {
            throw new InvalidBundleException(file, "expected [a graph ONNX Runtime loads] but found [" + e.getMessage() + "]", e);
        }
    }

    private static void check(OrtSession session, GraphSpec graph, GraphContract.Role role, BundleManifest m)
        throws InvalidBundleException {
        int featureCount = m.features().size();
        try {
            checkNodes(graph.file(), "input", session.getInputInfo(), graph.inputs(),
                GraphContract.inputs(role, m.embeddingDim(), m.gradeCount(), featureCount));
            checkNodes(graph.file(), "output", session.getOutputInfo(), graph.outputs(),
                GraphContract.outputs(role, m.embeddingDim(), m.gradeCount(), featureCount));
        } catch (OrtException e) {
            throw new InvalidBundleException(graph.file(), "expected [readable graph metadata] but found ["
                + e.getMessage() + "]", e);
        }
    }

    private static void checkNodes(String file, String kind, Map<String, NodeInfo> actual, Map<String, List<Long>> declared,
                                   List<GraphContract.Tensor> contract) throws InvalidBundleException {
        if (actual.keySet().equals(new HashSet<>(declared.keySet())) == false) {
            throw new InvalidBundleException(file, kind + "s: expected " + new ArrayList<>(declared.keySet())
                + " but found " + new ArrayList<>(actual.keySet()));
        }
        for (GraphContract.Tensor tensor : contract) {
            NodeInfo node = actual.get(tensor.name());
            String at = kind + " [" + tensor.name() + "]: ";
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new InvalidBundleException(file, at + "expected [a tensor] but found [" + node.getInfo() + "]");
            }
            OnnxJavaType want = tensor.type() == GraphContract.ElementType.INT64 ? OnnxJavaType.INT64 : OnnxJavaType.FLOAT;
            if (info.type != want) {
                throw new InvalidBundleException(file, at + "expected type [" + typeName(want) + "] but found ["
                    + typeName(info.type) + "]");
            }
            List<Long> shape = Arrays.stream(info.getShape()).boxed().toList();
            List<Long> expected = declared.get(tensor.name());
            if (shape.equals(expected) == false) {
                throw new InvalidBundleException(file, at + "expected shape " + expected + " but found " + shape);
            }
        }
    }

    private static String typeName(OnnxJavaType type) {
        return switch (type) {
            case INT64 -> "int64";
            case FLOAT -> "float32";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public int embeddingDim() {
        return dim;
    }

    @Override
    public int grades() {
        return grades;
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public float[] encodeQueries(TokenBatch batch) {
        // a query embedding that is not finite leaves nothing to score: a failure of the model
        return encode(queryFile, batch, false);
    }

    @Override
    public float[] encodeItems(TokenBatch batch) {
        // a row that is not finite makes only that item's scores non-finite (WindowScores.isFinite)
        return encode(itemFile, batch, true);
    }

    private float[] encode(String file, TokenBatch batch, boolean nonFiniteRows) {
        if (batch.rows() == 0) {
            return new float[0];
        }
        long[] shape = {batch.rows(), batch.length()};
        Map<String, float[]> out = run(file, Map.of(
            "input_ids", new Input(LongBuffer.wrap(batch.inputIds()), null, shape),
            "attention_mask", new Input(LongBuffer.wrap(batch.attentionMask()), null, shape)),
            List.of("embedding"), batch.rows(), Map.of("embedding", dim), nonFiniteRows);
        return out.get("embedding");
    }

    @Override
    public WindowScores score(float[] queryEmbedding, float[] itemEmbeddings, float[] featureValues, int rows) {
        boolean perRow = rows != 1 && queryEmbedding.length == (long) rows * dim;
        if (perRow == false) {
            requireLength("query_embedding", queryEmbedding.length, dim);
        }
        requireLength("item_embedding", itemEmbeddings.length, (long) rows * dim);
        requireLength("features", featureValues.length, (long) rows * features);
        if (rows == 0) {
            return new WindowScores(0, grades, new float[0], new float[0], new float[0], new float[0]);
        }
        // ONNX Runtime copies a heap buffer into a fresh direct one per call; filling this thread's reused
        // direct buffers instead saves the allocation and the copy (ScorerInputBenchmark, docs/benchmarks.md)
        ScorerBuffers buffers = ScorerBuffers.forThisThread(rows, dim, features);
        FloatBuffer query = buffers.query;
        FloatBuffer items = buffers.items;
        FloatBuffer feats = buffers.features;
        // the contract takes one query row per hit: repeat E(q) over the window (or one E(q_j) per row)
        if (perRow) {
            query.put(queryEmbedding, 0, rows * dim);
        } else {
            for (int r = 0; r < rows; r++) {
                query.put(queryEmbedding, 0, dim);
            }
        }
        items.put(itemEmbeddings, 0, rows * dim);
        feats.put(featureValues, 0, rows * features);
        query.flip();
        items.flip();
        feats.flip();
        Map<String, float[]> out = run(scorerFile, Map.of(
            "query_embedding", new Input(null, query, new long[] {rows, dim}),
            "item_embedding", new Input(null, items, new long[] {rows, dim}),
            "features", new Input(null, feats, new long[] {rows, features})),
            List.of("grade_probs", "click_probs", "tau", "score"), rows,
            Map.of("grade_probs", grades, "click_probs", grades, "tau", 1, "score", 1), true);
        return new WindowScores(rows, grades, out.get("grade_probs"), out.get("click_probs"), out.get("tau"), out.get("score"));
    }

    private static void requireLength(String input, int length, long expected) {
        if (length != expected) {
            throw new IllegalArgumentException("[" + input + "] must hold [" + expected + "] values but had [" + length + "]");
        }
    }

    /**
     * Per-thread direct input buffers of the scorer, grown to the largest window seen (a search thread
     * scores one window at a time; the tensors that wrap them are closed before the next call). Windows
     * beyond {@link #MAX_CACHED_FLOATS} get one-off buffers so a rare huge window pins no memory.
     */
    private static final class ScorerBuffers {
        static final int MAX_CACHED_FLOATS = 1 << 20;
        private static final ThreadLocal<ScorerBuffers> CACHE = new ThreadLocal<>();

        final FloatBuffer query;
        final FloatBuffer items;
        final FloatBuffer features;

        private ScorerBuffers(int embeddingFloats, int featureFloats) {
            query = direct(embeddingFloats);
            items = direct(embeddingFloats);
            features = direct(featureFloats);
        }

        static ScorerBuffers forThisThread(int rows, int dim, int featureCount) {
            int embeddingFloats = rows * dim;
            int featureFloats = rows * featureCount;
            if (embeddingFloats > MAX_CACHED_FLOATS || featureFloats > MAX_CACHED_FLOATS) {
                return new ScorerBuffers(embeddingFloats, featureFloats);
            }
            ScorerBuffers cached = CACHE.get();
            if (cached == null || cached.query.capacity() < embeddingFloats || cached.features.capacity() < featureFloats) {
                cached = new ScorerBuffers(embeddingFloats, featureFloats);
                CACHE.set(cached);
            }
            cached.query.clear();
            cached.items.clear();
            cached.features.clear();
            return cached;
        }

        private static FloatBuffer direct(int floats) {
            return java.nio.ByteBuffer.allocateDirect(Math.max(1, floats) * Float.BYTES).order(java.nio.ByteOrder.nativeOrder())
                .asFloatBuffer();
        }
    }

    /** One input tensor's data (long or float) and shape. */
    private record Input(LongBuffer longs, FloatBuffer floats, long[] shape) {
    }

    private Map<String, float[]> run(String file, Map<String, Input> inputs, List<String> outputs, int rows,
                                     Map<String, Integer> widths, boolean nonFiniteRows) {
        if (closed.get()) {
            throw new InferenceException("[" + file + "] is closed");
        }
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Input> e : inputs.entrySet()) {
                Input in = e.getValue();
                tensors.put(e.getKey(), in.longs() != null
                    ? OnnxTensor.createTensor(env, in.longs(), in.shape())
                    : OnnxTensor.createTensor(env, in.floats(), in.shape()));
            }
            try (OrtSession.Result result = sessions.get(file).run(tensors)) {
                Map<String, float[]> values = new LinkedHashMap<>();
                for (String name : outputs) {
                    OnnxValue value = result.get(name).orElseThrow(
                        () -> new InferenceException("[" + file + "] output [" + name + "] is missing"));
                    FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
                    float[] array = new float[buffer.remaining()];
                    buffer.get(array);
                    checkOutput(file, name, array, rows, widths.get(name), nonFiniteRows);
                    values.put(name, array);
                }
                return values;
            }
        } catch (OrtException | LinkageError | IllegalStateException e) {
            // IllegalStateException: ORT refuses a closed session or environment
            throw new InferenceException("[" + file + "] ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            closeAll(tensors.values());
        }
    }

    /**
     * Checks an output's size and, unless its rows may be non-finite (the caller then handles each such
     * row on its own), that every value is finite.
     */
    private static void checkOutput(String file, String name, float[] values, int rows, int width, boolean nonFiniteRows) {
        if (values.length != (long) rows * width) {
            throw new InferenceException("[" + file + "] output [" + name + "]: expected [" + rows + " x " + width
                + "] values but found [" + values.length + "]");
        }
        if (nonFiniteRows) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            if (Float.isFinite(values[i]) == false) {
                throw new InferenceException("[" + file + "] output [" + name + "] is " + values[i] + " at row [" + (i / width) + "]");
            }
        }
    }

    private static void closeAll(Iterable<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception | LinkageError e) {
                // closing native handles is best effort; the first failure must not leak the others
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(sessions.values());
        }
    }
}
