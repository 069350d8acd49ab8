package org.prectr.trainer.teacher;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.prectr.core.text.TokenBatch;
import org.prectr.core.text.Vocabulary;
import org.prectr.core.text.WordPieceTokenizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a {@link TeacherModel} with ONNX Runtime and returns unit-norm sentence embeddings, as langchain4j
 * computes them for the same model: tokens from the core {@link WordPieceTokenizer} over the vocabulary
 * of the model's own tokenizer.json, the model's pooling, then L2 normalisation.
 *
 * <p>Texts are embedded in batches of similar length (less padding) and cached per text, so a stage that
 * asks again for a title seen before pays nothing. A {@linkplain TeacherModel#quantized() quantised}
 * teacher runs one text per call whatever the batch size: its DynamicQuantizeLinear nodes pick one
 * activation scale per tensor, so in a batch a text's embedding would depend on its neighbours (measured:
 * bge-small int8 changed in the second decimal), which would make the teacher's targets depend on the
 * order in which texts were first asked for. The cache lives as long as this object. Closing it
 * releases the ONNX Runtime session.
 */
public final class TeacherEncoder implements AutoCloseable {

    private static final String HIDDEN_STATES = "last_hidden_state";
    /** Embedding at least this many new texts draws a progress bar (rate and ETA) on stderr. */
    private static final int PROGRESS_FROM = 256;
    private static final String CACHE_MAGIC = "PRECTR-TEACHER-VECTORS";

    private final TeacherModel model;
    private final WordPieceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final String outputName;
    private final int width;
    private final int maxLength;
    private final int batchSize;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    private TeacherEncoder(TeacherModel model, WordPieceTokenizer tokenizer, OrtEnvironment environment,
                           OrtSession session, int maxLength, int batchSize) throws OrtException {
        this.model = model;
        this.tokenizer = tokenizer;
        this.environment = environment;
        this.session = session;
        this.maxLength = maxLength;
        this.batchSize = model.quantized() ? 1 : batchSize;
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
        for (String input : List.of("input_ids", "attention_mask")) {
            if (!session.getInputNames().contains(input)) {
                throw new IllegalStateException("teacher [" + model.optionName() + "] model does not have input ["
                    + input + "]; it has " + session.getInputNames());
            }
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        this.outputName = outputs.containsKey(HIDDEN_STATES) ? HIDDEN_STATES : outputs.keySet().iterator().next();
        long[] shape = ((TensorInfo) outputs.get(outputName).getInfo()).getShape();
        if (shape.length != 3 || shape[2] <= 0) {
            throw new IllegalStateException("teacher [" + model.optionName() + "] output [" + outputName
                + "] must be [batch, sequence, hidden] with a fixed hidden size but was " + java.util.Arrays.toString(shape));
        }
        this.width = (int) shape[2];
    }

    /**
     * Loads a teacher from the classpath (the langchain4j jars).
     *
     * @param model which teacher
     * @param maxLength max tokens per text, [CLS] and [SEP] included, in [2, 512]; longer texts are truncated
     * @param batchSize texts per ONNX Runtime call, at least 1 (1 is used for quantised teachers)
     * @param threads ONNX Runtime intra-op threads, at least 1
     * @return the encoder
     * @throws IOException if the model or tokenizer resource is missing or unreadable
     * @throws OrtException if ONNX Runtime cannot load the model
     */
    public static TeacherEncoder open(TeacherModel model, int maxLength, int batchSize, int threads)
        throws IOException, OrtException {
        if (maxLength < 2 || maxLength > 512) {
            throw new IllegalArgumentException("[max_length] must be in [2, 512] but was [" + maxLength + "]");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("[batch_size] must be at least [1] but was [" + batchSize + "]");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("[threads] must be at least [1] but was [" + threads + "]");
        }
        Vocabulary vocabulary;
        try (InputStream json = resource(model.tokenizerResource())) {
            vocabulary = Vocabulary.fromTokenizerJson(json);
        }
        byte[] onnx;
        try (InputStream in = resource(model.modelResource())) {
            onnx = in.readAllBytes();
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            OrtSession session = environment.createSession(onnx, options);
            try {
                return new TeacherEncoder(model, new WordPieceTokenizer(vocabulary, true), environment, session,
                    maxLength, batchSize);
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        }
    }

    /** Opens a teacher with 128 tokens per text, batches of 32 and 2 threads (this project's machines). */
    public static TeacherEncoder open(TeacherModel model) throws IOException, OrtException {
        return open(model, 128, 32, 2);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = TeacherEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("teacher resource [" + name + "] is not on the classpath (is the langchain4j"
                + " embeddings jar a dependency?)");
        }
        return in;
    }

    /**
     * @param texts texts (repeats are embedded once)
     * @return one unit-norm embedding per text, in order (fresh arrays the caller may keep)
     */
    public float[][] embed(List<String> texts) {
        List<String> missing = new ArrayList<>();
        for (String text : new LinkedHashSet<>(texts)) {
            if (!cache.containsKey(text)) {
                missing.add(text);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, Integer> lengths = new HashMap<>();
            for (String text : missing) {
                lengths.put(text, Math.min(tokenizer.tokenize(text).size() + 2, maxLength));
            }
            missing.sort(Comparator.comparing(lengths::get));
            try (ProgressBar bar = missing.size() < PROGRESS_FROM ? null : new ProgressBarBuilder()
                .setTaskName("teacher " + model.optionName()).setInitialMax(missing.size())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).showSpeed().setUnit(" texts", 1).build()) {
                for (int start = 0; start < missing.size(); start += batchSize) {
                    List<String> batch = missing.subList(start, Math.min(start + batchSize, missing.size()));
                    embedBatch(batch);
                    if (bar != null) {
                        bar.stepBy(batch.size());
                    }
                }
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            out[i] = cache.get(texts.get(i)).clone();
        }
        return out;
    }

    /** @return the unit-norm embedding of one text */
    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    private void embedBatch(List<String> texts) {
        TokenBatch batch = tokenizer.encodeBatch(texts, maxLength);
        long[] shape = {batch.rows(), batch.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.inputIds()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.attentionMask()), shape));
            if (takesTokenTypes) {
                long[] types = new long[batch.inputIds().length];
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(outputName))) {
                OnnxTensor hiddenTensor = (OnnxTensor) result.get(0);
                float[] hidden = new float[batch.rows() * batch.length() * width];
                hiddenTensor.getFloatBuffer().get(hidden);
                for (int row = 0; row < batch.rows(); row++) {
                    float[] vector = new float[width];
                    model.pooling().pool(hidden, row, batch.length(), width, batch.attentionMask(), vector);
                    cache.put(texts.get(row), normalize(vector));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("teacher [" + model.optionName() + "] failed on a batch of ["
                + texts.size() + "] texts starting with [" + texts.get(0) + "]", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] normalize(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        float scale = (float) (1.0 / Math.max(Math.sqrt(squares), 1e-12));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    /**
     * Writes every cached embedding to {@code file}, so that a later run can skip the teacher
     * ({@link #loadCache}); the file records the teacher and the max length it was computed with.
     *
     * @param file the file to write (replaced)
     * @throws IOException if it cannot be written
     */
    public void saveCache(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeUTF(CACHE_MAGIC);
            out.writeUTF(model.optionName());
            out.writeInt(maxLength);
            out.writeInt(width);
            out.writeInt(cache.size());
            for (Map.Entry<String, float[]> entry : cache.entrySet()) {
                out.writeUTF(entry.getKey());
                for (float v : entry.getValue()) {
                    out.writeFloat(v);
                }
            }
        }
    }

    /**
     * Adds the embeddings of a file written by {@link #saveCache} to the cache.
     *
     * @param file the cache file
     * @return the number of embeddings read
     * @throws IOException if it cannot be read, or was written by another teacher or max length
     */
    public int loadCache(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String magic = in.readUTF();
            String teacher = in.readUTF();
            int length = in.readInt();
            int dim = in.readInt();
            if (!CACHE_MAGIC.equals(magic) || !model.optionName().equals(teacher) || length != maxLength || dim != width) {
                throw new IOException("[" + file + "] holds [" + teacher + "] vectors of size [" + dim + "] at max length ["
                    + length + "] but this teacher is [" + model.optionName() + "] with size [" + width
                    + "] at max length [" + maxLength + "]");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String text = in.readUTF();
                float[] vector = new float[dim];
                for (int d = 0; d < dim; d++) {
                    vector[d] = in.readFloat();
                }
                cache.put(text, vector);
            }
            return count;
        }
    }

    /** @return max tokens per text, [CLS] and [SEP] included (longer texts are truncated) */
    public int maxLength() {
        return maxLength;
    }

    /** @return the embedding size H */
    public int dimension() {
        return width;
    }

    /** @return the teacher */
    public TeacherModel model() {
        return model;
    }

    /** @return the tokenizer over the teacher's vocabulary */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** @return how many distinct texts are cached */
    public int cachedTexts() {
        return cache.size();
    }

    /** Releases the ONNX Runtime session (the shared environment stays). */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing teacher [" + model.optionName() + "] failed", e);
        }
    }
}
