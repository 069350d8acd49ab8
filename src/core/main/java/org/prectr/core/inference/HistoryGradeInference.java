package org.prectr.core.inference;

import java.util.List;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureAssembler;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.MatchFeatures;
import org.prectr.core.features.QueryPreference;
import org.prectr.core.features.RequestFeatures;
import org.prectr.core.features.UserContext;

/**
 * The grades of a user's past clicks, inferred by the model: for each history click (q_j, d_j), the
 * relevance head's P(grade | q_j, d_j). A shop knows what a user searched and clicked, never the grade
 * of what was clicked; this turns each click into a grade distribution for r_u(q)
 * ({@code UserPreferenceHistogram}), so that the trainer and the plugin build r_u from the same numbers.
 *
 * <p>Why running the scorer gives the relevance head alone: the scorer's {@code grade_probs} (the RSL
 * head) read only the query and item embeddings and the {@code match} features (docs/bundle.md,
 * docs/training.md); r_u, r_cate, the user and the document features reach only the click tower and
 * the incentive. Each pair is scored as an anonymous request for q_j (no user, no history: r_u = 0,
 * r_cate = 0) over a one-row window of d_j with first-phase score 1 ({@code score_ratio} 1, rank 0).
 * One scorer call for all pairs, one query embedding per row.
 */
public final class HistoryGradeInference {

    private final FeatureAssembler assembler;
    private final PrectrModel model;
    private final MatchFeatures match = new MatchFeatures();

    /**
     * @param schema the bundle's feature schema
     * @param model the bundle's model (its scorer is run; the encoders are not)
     */
    public HistoryGradeInference(FeatureSchema schema, PrectrModel model) {
        this.assembler = new FeatureAssembler(schema);
        this.model = model;
    }

    /**
     * @param queries q_j, one per click
     * @param queryEmbeddings E(q_j), row-major clicks x D
     * @param items d_j as a window, row j the item of click j: its text or stored match keywords, and
     *     the document fields it has (a field the window lacks reads as missing); first-phase scores are ignored
     * @param itemEmbeddings E(d_j), row-major clicks x D
     * @return P(grade | q_j, d_j), row-major clicks x k
     * @throws IllegalArgumentException if the sizes disagree
     * @throws InferenceException if the scorer fails
     */
    public float[] infer(List<String> queries, float[] queryEmbeddings, CandidateWindow items, float[] itemEmbeddings) {
        int rows = queries.size();
        int dim = model.embeddingDim();
        int k = model.grades();
        int width = assembler.schema().size();
        if (items.rows() != rows) {
            throw new IllegalArgumentException("[items] must have one row per history click [" + rows + "] but had ["
                + items.rows() + "]");
        }
        if (queryEmbeddings.length != (long) rows * dim || itemEmbeddings.length != (long) rows * dim) {
            throw new IllegalArgumentException("[history embeddings] must hold [" + rows + " x " + dim + "] values but had ["
                + queryEmbeddings.length + "] and [" + itemEmbeddings.length + "]");
        }
        if (rows == 0) {
            return new float[0];
        }
        float[] features = new float[rows * width];
        float[] row = new float[width];
        float[] noPreference = new float[k];
        for (int j = 0; j < rows; j++) {
            String query = queries.get(j);
            RequestFeatures request = new RequestFeatures(query, match.words(query), UserContext.anonymous(), 0, 0, 0,
                noPreference, QueryPreference.none(k));
            assembler.assemble(request, oneRow(items, j), row);
            System.arraycopy(row, 0, features, j * width, width);
        }
        WindowScores scores = model.score(queryEmbeddings, itemEmbeddings, features, rows);
        return scores.gradeProbs();
    }

    /** Row j of the items as a window of its own, holding every field the schema reads (absent = missing). */
    private CandidateWindow oneRow(CandidateWindow items, int j) {
        FeatureSchema schema = assembler.schema();
        CandidateWindow.Builder b = CandidateWindow.builder(new float[] {1f}, new String[] {items.itemText(j)});
        for (String field : schema.numericFields()) {
            double[] values = items.numeric(field);
            b.numeric(field, new double[] {values == null ? Double.NaN : values[j]});
        }
        for (String field : schema.keywordFields()) {
            String[] values = items.keyword(field);
            b.keyword(field, new String[] {values == null ? null : values[j]});
        }
        String[] keywords = items.itemKeywords(j);
        if (keywords != null) {
            b.itemKeywords(new String[][] {keywords});
        }
        return b.build();
    }
}
