package org.prectr.trainer.train;

import ai.djl.ndarray.NDManager;
import org.prectr.core.data.Product;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.QueryPreferenceEntry;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.features.UserPreferenceHistogram;
import org.prectr.trainer.data.ExampleBuilder;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.data.ExampleTable;
import org.prectr.trainer.data.FirstPhaseScores;
import org.prectr.trainer.model.PrectrScorer;
import org.prectr.trainer.model.ScorerOutputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of a training run: the scorer (and the possibly fine-tuned encoder), the feature schema
 * with its standardisation stats, the r_cate table entries and the per-epoch record. It scores
 * example tables in Java (DJL, inference mode) for the evaluation, and {@code BundleWriter} exports
 * it as the bundle the plugin serves. Owns the scorer's tensors: close it when done (the encoder
 * belongs to the caller's {@link TextModel}).
 */
public final class TrainedModel implements AutoCloseable {

    private static final int SCORE_BATCH = 2048;

    private final TrainerConfig config;
    private final FeatureSchema schema;
    private final PrectrScorer scorer;
    private final TextModel text;
    private final WordPieceTokenizer tokenizer;
    private final TextEmbedder embedder;
    private final List<QueryPreferenceEntry> queryPreferences;
    private final NDManager manager;
    private final List<EpochRecord> records = new ArrayList<>();
    private final Map<String, Map<String, Object>> selected = new java.util.LinkedHashMap<>();
    private boolean encoderChanged;
    private final List<RelevanceWeightSelection.Candidate> relevanceWeightTrial = new ArrayList<>();

    TrainedModel(TrainerConfig config, FeatureSchema schema, PrectrScorer scorer, TextModel text,
                 WordPieceTokenizer tokenizer, TextEmbedder embedder, List<QueryPreferenceEntry> queryPreferences,
                 NDManager manager) {
        this.config = config;
        this.schema = schema;
        this.scorer = scorer;
        this.text = text;
        this.tokenizer = tokenizer;
        this.embedder = embedder;
        this.queryPreferences = List.copyOf(queryPreferences);
        this.manager = manager;
    }

    /**
     * Scores every row (inference mode, batched).
     *
     * @param table examples built with this model's schema ({@link #current} refreshes their embeddings
     *     after end-to-end fine-tuning)
     * @return the outputs per row
     */
    public ScoreColumns score(ExampleTable table) {
        int k = config.grades();
        int n = table.rows();
        float[] grade = new float[n * k];
        float[] click = new float[n * k];
        float[] tau = new float[n];
        float[] score = new float[n];
        for (int from = 0; from < n; from += SCORE_BATCH) {
            int[] rows = new int[Math.min(SCORE_BATCH, n - from)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            try (NDManager step = manager.newSubManager()) {
                ScorerOutputs out = scorer.forward(BatchTensors.queries(step, table, rows),
                    BatchTensors.items(step, table, rows), BatchTensors.features(step, table, rows));
                System.arraycopy(out.gradeProbs().toFloatArray(), 0, grade, from * k, rows.length * k);
                System.arraycopy(out.clickProbs().toFloatArray(), 0, click, from * k, rows.length * k);
                System.arraycopy(out.tau().toFloatArray(), 0, tau, from, rows.length);
                System.arraycopy(out.score().toFloatArray(), 0, score, from, rows.length);
            }
        }
        return new ScoreColumns(n, k, grade, click, tau, score);
    }

    /**
     * @param table examples whose embeddings were computed before training
     * @return the table over embeddings of the current encoder (the same table when the encoder is unchanged)
     */
    public ExampleTable current(ExampleTable table) {
        if (!encoderChanged) {
            return table;
        }
        return table.withEmbeddings(embedder.embed(table.queryTexts(), true), embedder.embed(table.itemTexts(), false));
    }

    /**
     * A builder of examples for this model as it is now (current encoder, trained schema, r_cate table
     * encoded by the current encoder): what the bundle computes at serving time, for the evaluation.
     *
     * @param products the catalogue
     * @return the builder
     */
    public ExampleBuilder exampleBuilder(Map<String, Product> products) {
        int k = config.grades();
        QueryPreferenceTable table = config.crossUserPreference()
            ? QueryPreferenceTable.of(queryPreferences, k, config.similarityThreshold(), texts -> embedder.embed(texts, true))
            : null;
        return new ExampleBuilder(schema, embedder, new UserPreferenceHistogram(k, config.maxHistory(), config.temperature()),
            table, products, config.itemTextFields(),
            config.firstPhaseFields().isEmpty() ? null : FirstPhaseScores.over(products, config.firstPhaseFields()));
    }

    void select(int stage, String metric, int epoch) {
        if (epoch > 0) {
            selected.put("stage" + stage, Map.of("epoch", epoch, "metric", metric));
        }
    }

    /** @return per stage, the epoch whose weights were kept (early stopping) and the metric that chose it */
    public Map<String, Map<String, Object>> selectedEpochs() {
        return java.util.Collections.unmodifiableMap(selected);
    }

    void relevanceWeightTrial(List<RelevanceWeightSelection.Candidate> tried) {
        relevanceWeightTrial.clear();
        relevanceWeightTrial.addAll(tried);
    }

    /**
     * @return the relevance weights tried on the validation queries, each as {@code weight}, {@code
     *     validation_ndcg10_score} and {@code validation_click_auc} (empty when one weight was given or there was
     *     no validation data); the chosen one is {@code scorer().relevanceWeight()}
     */
    public List<Map<String, Object>> relevanceWeightTrial() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RelevanceWeightSelection.Candidate c : relevanceWeightTrial) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("weight", c.weight());
            row.put("validation_ndcg10_score", c.ndcg10Score());
            row.put("validation_click_auc", c.clickAuc());
            out.add(row);
        }
        return out;
    }

    void refreshEmbeddings() {
        encoderChanged = true;
    }

    void addRecord(EpochRecord record) {
        records.add(record);
    }

    /** @return the options of the run */
    public TrainerConfig config() {
        return config;
    }

    /** @return the feature schema with its standardisation stats (the manifest's features) */
    public FeatureSchema schema() {
        return schema;
    }

    /** @return the scorer */
    public PrectrScorer scorer() {
        return scorer;
    }

    /** @return the text side (vocabulary, encoder) */
    public TextModel text() {
        return text;
    }

    /** @return the core tokenizer over the vocabulary */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** @return the embedder of the current encoder */
    public TextEmbedder embedder() {
        return embedder;
    }

    /** @return the r_cate entries (empty for V1) */
    public List<QueryPreferenceEntry> queryPreferences() {
        return queryPreferences;
    }

    /** @return the epochs, in order */
    public List<EpochRecord> records() {
        return List.copyOf(records);
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
