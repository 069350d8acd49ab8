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
    private final HistoryGradeInference historyGrades;
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
        this.historyGrades = new HistoryGradeInference(schema, model);
    }

    /** @return the feature schema (which document fields a window must hold) */
    public FeatureSchema schema() {
        return schema;
    }

    /** @return the bundle's r_u(q) settings (which history entries are used) */
    public UserPreferenceHistogram histogram() {
        return histogram;
    }

    /**
     * Per-request work: validates the history grades, encodes the query and the used history queries in
     * one batch, and computes the request features. History entries use their explicit grade, else
     * their inferred grades ({@link #inferHistoryGrades}), else they count in the history statistics only.
     *
     * @param queryText the query text
     * @param user the user ({@link UserContext#anonymous()} when the request has none)
     * @return the prepared query
     * @throws IllegalArgumentException {@code [user.history[3].grade] must be in [0, 4) but was [7]}
     * @throws InferenceException if the query encoder fails
     */
    public PreparedQuery prepare(String queryText, UserContext user) {
        checkGrades(user);
        List<HistoryEntry> used = histogram.usedEntries(user.history());
        List<String> texts = new ArrayList<>(used.size() + 1);
        texts.add(queryText);
        used.forEach(entry -> texts.add(entry.query()));
        float[] embeddings = encodeQueries(texts);
        int dim = model.embeddingDim();
        float[] query = new float[dim];
        System.arraycopy(embeddings, 0, query, 0, dim);
        float[] historyEmbeddings = new float[used.size() * dim];
        System.arraycopy(embeddings, dim, historyEmbeddings, 0, historyEmbeddings.length);
        return prepare(queryText, user, query, historyEmbeddings);
    }

    /**
     * Per-request work from embeddings the caller already has (an engine that caches query encodings).
     *
     * @param queryText the query text
     * @param user the user
     * @param queryEmbedding E(q), length D
     * @param usedHistoryEmbeddings E(q_j) of {@code histogram().usedEntries(user.history())}, row-major
     * @return the prepared query
     * @throws IllegalArgumentException on a grade outside [0, k) or embeddings of the wrong size
     */
    public PreparedQuery prepare(String queryText, UserContext user, float[] queryEmbedding, float[] usedHistoryEmbeddings) {
        checkGrades(user);
        if (queryEmbedding.length != model.embeddingDim()) {
            throw new IllegalArgumentException("[query_embedding] must hold [" + model.embeddingDim() + "] values but had ["
                + queryEmbedding.length + "]");
        }
        RequestFeatures features = RequestFeatures.compute(queryText, user, queryEmbedding, usedHistoryEmbeddings, histogram,
            queryPreferences, match);
        return new PreparedQuery(queryEmbedding, features);
    }

    private void checkGrades(UserContext user) {
        int k = manifest.gradeCount();
        List<HistoryEntry> history = user.history();
        for (int j = 0; j < history.size(); j++) {
            Integer grade = history.get(j).grade();
            if (grade != null && (grade < 0 || grade >= k)) {
                throw new IllegalArgumentException("[user.history[" + j + "].grade] must be in [0, " + k
                    + ") but was [" + grade + "]");
            }
        }
    }

    /**
     * Encodes query texts in one query-encoder call.
     *
     * @param texts the texts
     * @return E(text) per text, row-major texts x D
     * @throws InferenceException if the query encoder fails or returns the wrong size
     */
    public float[] encodeQueries(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0];
        }
        TokenBatch batch = tokenizer.encodeBatch(texts, manifest.tokenizer().queryMaxLength());
        float[] embeddings = model.encodeQueries(batch);
        int dim = model.embeddingDim();
        if (embeddings.length != texts.size() * dim) {
            throw new InferenceException("[" + manifest.graphs().queryEncoder().file() + "] output [embedding]: expected ["
                + texts.size() + " x " + dim + "] values but found [" + embeddings.length + "]");
        }
        return embeddings;
    }

    /**
     * The grades the model infers for history clicks ({@link HistoryGradeInference}): one item-encoder
     * call for the items without a stored embedding, one scorer call.
     *
     * @param queries q_j, one per click
     * @param queryEmbeddings E(q_j), row-major clicks x D
     * @param items d_j as a window (row j the item of click j)
     * @return P(grade | q_j, d_j), row-major clicks x k
     * @throws InferenceException if a graph fails
     */
    public float[] inferHistoryGrades(List<String> queries, float[] queryEmbeddings, CandidateWindow items) {
        return historyGrades.infer(queries, queryEmbeddings, items, itemEmbeddings(items));
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
        float[] features = assembler.assemble(query.features(), window);
        float[] items = itemEmbeddings(window);
        WindowScores scores = model.score(query.queryEmbedding(), items, features, rows);
        return new ScoredWindow(scores, features, schema.names());
    }

    /**
     * The window's item embeddings: with every row stored, the window's own array (no copy); else the
     * stored rows copied and one item-encoder call for the rows without.
     */
    private float[] itemEmbeddings(CandidateWindow window) {
        int rows = window.rows();
        int dim = model.embeddingDim();
        if (window.embeddings() != null && window.embeddingDim() != dim) {
            throw new IllegalArgumentException("[embeddings] must have dimension [" + dim + "] but had ["
                + window.embeddingDim() + "]");
        }
        int missingCount = 0;
        for (int r = 0; r < rows; r++) {
            if (window.hasEmbedding(r) == false) {
                missingCount++;
            }
        }
        if (missingCount == 0) {
            return window.embeddings() != null ? window.embeddings() : new float[0];
        }
        float[] items = new float[rows * dim];
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
        return items;
    }
}
