package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import org.prectr.onnx.OnnxDim;
import org.prectr.onnx.OnnxElementType;
import org.prectr.onnx.OnnxGraphBuilder;
import org.prectr.trainer.model.Dense;
import org.prectr.trainer.model.ParameterStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PRECTR-V2 lightweight text encoder (stage 0): WordPiece ids to one embedding per text, used as both
 * the query and the item encoder of a bundle.
 *
 * <p>Factorised token embeddings projected to d, learned positions, {@link EncoderConfig#layers()} pre-LN
 * transformer layers, a final LayerNorm, masked mean pooling and (by default) L2 normalisation. The
 * parameters are plain DJL arrays owned by a {@link ParameterStore} (the trainer's manual-parameter
 * style) so the fusion trainer can put them into its own optimiser with a lower learning rate, and
 * {@link #exportOnnx(OnnxGraphBuilder)} writes the same computation op for op under the bundle's
 * encoder contract ({@code input_ids}, {@code attention_mask} int64 [B, L] to {@code embedding} float32
 * [B, D]).
 */
public final class DistilledEncoder implements AutoCloseable {

    /** Graph input and output names fixed by docs/bundle.md. */
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String EMBEDDING = "embedding";

    /** Added to padded positions' attention scores: exp(-1e9) is exactly 0 in float32. */
    private static final float PADDING_BIAS = 1e9f;
    /** Floor of the squared norm before L2 normalisation (an all-zero vector stays zero). */
    private static final float MIN_SQUARED_NORM = 1e-12f;

    private final EncoderConfig config;
    private final ParameterStore store;
    private final NDArray tokenEmbedding;
    private final Dense tokenProjection;
    private final NDArray positionEmbedding;
    private final List<TransformerLayer> layers;
    private final LayerNormWeights finalNorm;

    private DistilledEncoder(EncoderConfig config, ParameterStore store) {
        this.config = config;
        this.store = store;
        this.tokenEmbedding = store.glorot("token_embedding", config.vocabularySize(), config.embeddingFactor());
        this.tokenProjection = Dense.create(store, "token_projection", config.embeddingFactor(), config.dim(), 0f);
        this.positionEmbedding = store.glorot("position_embedding", config.maxPositions(), config.dim());
        List<TransformerLayer> built = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            built.add(TransformerLayer.create(store, "layer" + i, config));
        }
        this.layers = List.copyOf(built);
        this.finalNorm = LayerNormWeights.create(store, "final_norm", config.dim(), config.layerNormEpsilon());
    }

    /**
     * Creates an encoder with freshly initialised weights (seeded Java random, engine independent).
     *
     * @param parent the manager under which a child manager owns the weights; {@link #close()} frees them
     * @param config the shape
     * @param seed the initialisation seed
     * @return the encoder
     */
    public static DistilledEncoder create(NDManager parent, EncoderConfig config, long seed) {
        return new DistilledEncoder(config, new ParameterStore(parent.newSubManager(), seed));
    }

    /**
     * Loads weights written by {@link #save(Path)}.
     *
     * @param parent the manager under which a child manager owns the weights
     * @param file the weights file
     * @return the encoder, with the configuration stored in the file
     * @throws IOException if the file cannot be read or is not an encoder weights file
     */
    public static DistilledEncoder load(NDManager parent, Path file) throws IOException {
        return EncoderWeightsFile.read(file, config -> create(parent, config, 0L));
    }

    /**
     * Saves the configuration and every weight, so stage 0 can be reused by later runs.
     *
     * @param file the file to write (replaced)
     * @throws IOException if it cannot be written
     */
    public void save(Path file) throws IOException {
        EncoderWeightsFile.write(file, config, parameters());
    }

    /**
     * Encodes a batch.
     *
     * @param ids [B, L] int64 token ids, L at most {@link EncoderConfig#maxPositions()}
     * @param mask [B, L] int64 (or float) attention mask, 1 for tokens and 0 for padding
     * @param training applies dropout when true (gradients are recorded whenever a collector is open)
     * @return [B, D] float32 embeddings (unit norm when {@link EncoderConfig#normalizeOutput()})
     * @throws IllegalArgumentException if the shapes differ or L exceeds the position table
     */
    public NDArray forward(NDArray ids, NDArray mask, boolean training) {
        checkInputs(ids, mask);
        return top(embed(ids, training), mask, 0, training);
    }

    /**
     * The hidden states after the first {@code below} transformer layers, in inference mode (no dropout):
     * the frozen part of top-layer fine-tuning, computed once per text and cached by the trainer.
     *
     * @param ids [B, L] token ids
     * @param mask [B, L] attention mask
     * @param below how many layers to run, in [0, layers]
     * @return [B, L, D]
     */
    public NDArray hidden(NDArray ids, NDArray mask, int below) {
        checkInputs(ids, mask);
        if (below < 0 || below > layers.size()) {
            throw new IllegalArgumentException("[below] must be in [0, " + layers.size() + "] but was [" + below + "]");
        }
        NDArray x = embed(ids, false);
        NDArray bias = paddingBias(mask);
        for (int i = 0; i < below; i++) {
            x = layers.get(i).forward(x, bias, false);
        }
        return x;
    }

    /**
     * The encoder from layer {@code from} on: those layers, the final LayerNorm, pooling and normalisation,
     * over the hidden states of the layers below ({@link #hidden}); {@code top(hidden(ids, mask, j), mask, j, t)}
     * equals {@code forward(ids, mask, t)} without dropout.
     *
     * @param x [B, L, D] hidden states
     * @param mask [B, L] attention mask
     * @param from the first layer run, in [0, layers]
     * @param training applies dropout when true
     * @return [B, D]
     */
    public NDArray top(NDArray x, NDArray mask, int from, boolean training) {
        NDArray maskF = mask.toType(DataType.FLOAT32, false);
        NDArray bias = paddingBias(mask);
        for (int i = from; i < layers.size(); i++) {
            x = layers.get(i).forward(x, bias, training);
        }
        x = finalNorm.forward(x);
        NDArray summed = x.mul(maskF.expandDims(2)).sum(new int[] {1});
        NDArray pooled = summed.div(maskF.sum(new int[] {1}, true).maximum(1f));
        if (!config.normalizeOutput()) {
            return pooled;
        }
        return pooled.div(pooled.mul(pooled).sum(new int[] {1}, true).maximum(MIN_SQUARED_NORM).sqrt());
    }

    /**
     * @param from the first trainable layer
     * @return the arrays of layers {@code from} and up and of the final LayerNorm (what top-layer fine-tuning trains)
     */
    public Map<String, NDArray> parametersFrom(int from) {
        Map<String, NDArray> out = new java.util.LinkedHashMap<>();
        store.parameters().forEach((name, value) -> {
            boolean upper = name.startsWith("final_norm");
            for (int i = from; i < layers.size() && !upper; i++) {
                upper = name.startsWith("layer" + i + ".");
            }
            if (upper) {
                out.put(name, value);
            }
        });
        return out;
    }

    private void checkInputs(NDArray ids, NDArray mask) {
        if (ids.getShape().dimension() != 2 || !ids.getShape().equals(mask.getShape())) {
            throw new IllegalArgumentException("[input_ids] and [attention_mask] must both be [B, L] but were ["
                + ids.getShape() + "] and [" + mask.getShape() + "]");
        }
        long length = ids.getShape().get(1);
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException("[input_ids] length must be at most [" + config.maxPositions()
                + "] but was [" + length + "]");
        }
    }

    /** Token embeddings, projected, plus positions (and dropout while training). */
    private NDArray embed(NDArray ids, boolean training) {
        long length = ids.getShape().get(1);
        // results of ops whose first operand is a weight belong to the weights' manager: move them to the
        // caller's (the inputs') manager, so that a training step's intermediates are freed with its scope
        NDArray tokens = tokenEmbedding.getNDArrayInternal()
            .embedding(ids.toType(DataType.INT64, false), tokenEmbedding, SparseFormat.DENSE).singletonOrThrow();
        tokens.attach(ids.getManager());
        NDArray positions = positionEmbedding.get(new NDIndex(":{}", length));
        positions.attach(ids.getManager());
        NDArray x = tokenProjection.forward(tokens).add(positions);
        return training && config.dropout() > 0f
            ? ai.djl.nn.norm.Dropout.dropout(x, config.dropout(), true).singletonOrThrow() : x;
    }

    private static NDArray paddingBias(NDArray mask) {
        long batch = mask.getShape().get(0);
        long length = mask.getShape().get(1);
        return mask.toType(DataType.FLOAT32, false).sub(1f).mul(PADDING_BIAS).reshape(batch, 1, 1, length);
    }

    /**
     * Writes this encoder's graph into {@code graph}: inputs {@code input_ids} and {@code attention_mask}
     * (int64 [batch, sequence]) and output {@code embedding} (float32 [batch, D]), with the current weights.
     *
     * @param graph an empty graph builder
     */
    public void exportOnnx(OnnxGraphBuilder graph) {
        Map<NDArray, String> names = new IdentityHashMap<>();
        parameters().forEach((name, array) -> names.put(array, name));
        OnnxWeights weights = new OnnxWeights(graph, names);
        OnnxDim batch = OnnxDim.named("batch");
        OnnxDim sequence = OnnxDim.named("sequence");
        String ids = graph.input(INPUT_IDS, OnnxElementType.INT64, batch, sequence);
        String mask = graph.input(ATTENTION_MASK, OnnxElementType.INT64, batch, sequence);

        String tokens = graph.node("Gather").inputs(weights.of(tokenEmbedding), ids).attr("axis", 0L).output();
        String length = graph.node("Slice")
            .inputs(graph.node("Shape").inputs(ids).output(), graph.longs(1), graph.longs(2)).output();
        String positions = graph.node("Slice")
            .inputs(weights.of(positionEmbedding), graph.longs(0), length, graph.longs(0)).output();
        String x = graph.node("Add")
            .inputs(TransformerLayer.dense(graph, weights, tokenProjection, tokens), positions).output();

        String maskF = graph.node("Cast").inputs(mask).attr("to", (long) OnnxElementType.FLOAT.code()).output();
        String bias = graph.node("Mul")
            .inputs(graph.node("Sub").inputs(maskF, graph.scalar(1f)).output(), graph.scalar(PADDING_BIAS)).output();
        bias = graph.node("Unsqueeze").inputs(bias, graph.longs(1, 2)).output();
        for (TransformerLayer layer : layers) {
            x = layer.export(graph, weights, x, bias);
        }
        x = finalNorm.export(graph, weights, x);

        String masked = graph.node("Mul").inputs(x, graph.node("Unsqueeze").inputs(maskF, graph.longs(2)).output()).output();
        String summed = graph.node("ReduceSum").inputs(masked, graph.longs(1)).attr("keepdims", 0L).output();
        String count = graph.node("ReduceSum").inputs(maskF, graph.longs(1)).attr("keepdims", 1L).output();
        count = graph.node("Max").inputs(count, graph.scalar(1f)).output();
        String pooled = graph.node("Div").inputs(summed, count).output();
        if (config.normalizeOutput()) {
            String squared = graph.node("ReduceSum")
                .inputs(graph.node("Mul").inputs(pooled, pooled).output(), graph.longs(1)).attr("keepdims", 1L).output();
            String norm = graph.node("Sqrt")
                .inputs(graph.node("Max").inputs(squared, graph.scalar(MIN_SQUARED_NORM)).output()).output();
            pooled = graph.node("Div").inputs(pooled, norm).output();
        }
        graph.output(pooled, EMBEDDING, OnnxElementType.FLOAT, batch, OnnxDim.fixed(config.dim()));
    }

    /**
     * Writes the encoder graph as a standalone ONNX file ({@code text_encoder.onnx} of a bundle).
     *
     * @param file the file to write (replaced)
     * @throws IOException if it cannot be written
     */
    public void exportOnnx(Path file) throws IOException {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("prectr_text_encoder").producer("prectr-trainer");
        exportOnnx(graph);
        graph.write(file);
    }

    /**
     * Overwrites the factorised token table, e.g. with a teacher's word embeddings projected to
     * {@link EncoderConfig#embeddingFactor()} columns (see {@code TeacherTokenEmbeddings}).
     *
     * @param values row-major [vocabularySize, embeddingFactor]
     * @throws IllegalArgumentException if the size differs
     */
    public void initialiseTokenEmbedding(float[] values) {
        if (values.length != tokenEmbedding.size()) {
            throw new IllegalArgumentException("[token_embedding] needs [" + tokenEmbedding.size() + "] values but got ["
                + values.length + "]");
        }
        tokenEmbedding.set(java.nio.FloatBuffer.wrap(values));
    }

    /** @return the trainable arrays by name, in creation order (for an optimiser; read-only view) */
    public Map<String, NDArray> parameters() {
        return store.parameters();
    }

    /** @return the exact number of trainable scalars */
    public long parameterCount() {
        return store.size();
    }

    /** @return the shape of this encoder */
    public EncoderConfig config() {
        return config;
    }

    /** @return the manager owning the weights (arrays made from it live as long as the encoder) */
    public NDManager manager() {
        return store.manager();
    }

    /** Frees the weights. */
    @Override
    public void close() {
        store.manager().close();
    }
}
