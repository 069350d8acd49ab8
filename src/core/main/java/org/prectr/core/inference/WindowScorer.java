package org.prectr.core.inference;

import java.util.ArrayList;
import java.util.List;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureAssembler;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.HistoryEntry;
import org.prectr.core.features.MatchFeatures;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.features.RequestFeatures;
import org.prectr.core.features.UserContext;
import org.prectr.core.features.UserPreferenceHistogram;
import org.prectr.core.text.TokenBatch;
import org.prectr.core.text.WordPieceTokenizer;

/**
 * The one serving entry point. {@link #prepare} does the per-request work once (encode the query and
 * the used history queries in one batch, compute r_u(q), r_cate(q) and the other request features);
 * {@link #score} does the per-window work (assemble the features, encode in one batch the items that
 * have no stored embedding, run the scorer once for the whole window). Caches nothing between
 * requests; thread-safe when the model is.
 */
public final class WindowScorer {

    private final BundleManifest manifest;
    private final FeatureSchema schema;
    private final WordPieceTokenizer tokenizer;
    private final PrectrModel model;
    private final QueryPreferenceTable queryPreferences;
    private final UserPreferenceHistogram histogram;
    private final FeatureAssembler assembler;
    private final MatchFeatures match = new MatchFeatures();

    /**
     * @param manifest the bundle's manifest (max lengths, grades, user preference settings)
     * @param schema the manifest's feature schema
     * @param tokenizer the bundle's tokenizer
     * @param model the bundle's model
     * @param queryPreferences the bundle's r_cate table, or null for a V1 bundle
     */
    public WindowScorer(BundleManifest manifest, FeatureSchema schema, WordPieceTokenizer tokenizer, PrectrModel model,
                        QueryPreferenceTable queryPreferences) {
        this.manifest = manifest;
        this.schema = schema;
        this.tokenizer = tokenizer;
        this.model = model;
        this.queryPreferences = queryPreferences;
        this.histogram = new UserPreferenceHistogram(manifest.gradeCount(), manifest.userPreference().maxHistory(),
            manifest.userPreference().temperature());
        this.assembler = new FeatureAssembler(schema);
    }

    /** @return the feature schema (which document fields a window must hold) */
    public FeatureSchema schema() {
        return schema;
    }

    /**
     * Per-request work: validates the history grades, encodes the query and the used history queries in
     * one batch, and computes the request features.
     *
     * @param queryText the query text
     * @param user the user ({@link UserContext#anonymous()} when the request has none)
     * @return the prepared query
     * @throws IllegalArgumentException {@code [user.history[3].grade] must be in [0, 4) but was [7]}
     * @throws InferenceException if the query encoder fails
     */
    public PreparedQuery prepare(String queryText, UserContext user) {
        int k = manifest.gradeCount();
        List<HistoryEntry> history = user.history();
        for (int j = 0; j < history.size(); j++) {
            Integer grade = history.get(j).grade();
            if (grade != null && (grade < 0 || grade >= k)) {
                throw new IllegalArgumentException("[user.history[" + j + "].grade] must be in [0, " + k
                    + ") but was [" + grade + "]");
            }
        }
        List<HistoryEntry> used = histogram.usedEntries(history);
        List<String> texts = new ArrayList<>(used.size() + 1);
        texts.add(queryText);
        used.forEach(entry -> texts.add(entry.query()));
        TokenBatch batch = tokenizer.encodeBatch(texts, manifest.tokenizer().queryMaxLength());
        float[] embeddings = model.encodeQueries(batch);
        int dim = model.embeddingDim();
        if (embeddings.length != texts.size() * dim) {
            throw new InferenceException("[" + manifest.graphs().queryEncoder().file() + "] output [embedding]: expected ["
                + texts.size() + " x " + dim + "] values but found [" + embeddings.length + "]");
        }
        float[] query = new float[dim];
        System.arraycopy(embeddings, 0, query, 0, dim);
        float[] historyEmbeddings = new float[used.size() * dim];
        System.arraycopy(embeddings, dim, historyEmbeddings, 0, historyEmbeddings.length);
        RequestFeatures features = RequestFeatures.compute(queryText, user, query, historyEmbeddings, histogram,
            queryPreferences, match);
        return new PreparedQuery(query, features);
    }

    /**
     * Encodes item texts with the bundle's item encoder in one batch (what {@link #score} does for rows
     * without a stored embedding; an engine that caches encodings calls it itself).
     *
     * @param texts item texts
     * @return row-major texts.size() x D embeddings
     * @throws InferenceException if the item encoder fails or gives the wrong shape
     */
    public float[] encodeItems(List<String> texts) {
        int dim = model.embeddingDim();
        float[] encoded = model.encodeItems(tokenizer.encodeBatch(texts, manifest.tokenizer().itemMaxLength()));
        if (encoded.length != texts.size() * dim) {
            throw new InferenceException("[" + manifest.graphs().itemEncoder().file() + "] output [embedding]: expected ["
                + texts.size() + " x " + dim + "] values but found [" + encoded.length + "]");
        }
        return encoded;
    }

    /**
     * Per-window work: one feature assembly, one item-encoder call for the rows without a stored
     * embedding (none if all have one), one scorer call.
     *
     * @param query the prepared query
     * @param window the window
     * @return the scores and the assembled features
     * @throws IllegalArgumentException if the window lacks a field the schema reads or its embeddings have the wrong D
     * @throws InferenceException if a graph fails
     */
    public ScoredWindow score(PreparedQuery query, CandidateWindow window) {
        int rows = window.rows();
        int dim = model.embeddingDim();
        if (window.embeddings() != null && window.embeddingDim() != dim) {
            throw new IllegalArgumentException("[embeddings] must have dimension [" + dim + "] but had ["
                + window.embeddingDim() + "]");
        }
        float[] features = assembler.assemble(query.features(), window);
        float[] items = window.embeddings();
        int missingCount = 0;
        for (int r = 0; r < rows; r++) {
            if (window.hasEmbedding(r) == false) {
                missingCount++;
            }
        }
        if (missingCount > 0) {
            // copy the stored rows, encode the others in one batch (with every row stored, the window's
            // own array is the scorer input: no copy)
            items = new float[rows * dim];
            int[] missing = new int[missingCount];
            List<String> texts = new ArrayList<>(missingCount);
            int m = 0;
            for (int r = 0; r < rows; r++) {
                if (window.hasEmbedding(r)) {
                    System.arraycopy(window.embeddings(), r * dim, items, r * dim, dim);
                } else {
                    missing[m++] = r;
                    texts.add(window.itemText(r));
                }
            }
            float[] encoded = encodeItems(texts);
            for (int i = 0; i < missingCount; i++) {
                System.arraycopy(encoded, i * dim, items, missing[i] * dim, dim);
            }
        }
        if (items == null) {
            items = new float[0]; // an empty window without embeddings
        }
        WindowScores scores = model.score(query.queryEmbedding(), items, features, rows);
        return new ScoredWindow(scores, features, schema.names());
    }
}
