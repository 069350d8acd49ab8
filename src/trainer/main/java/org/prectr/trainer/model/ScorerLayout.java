package org.prectr.trainer.model;

import java.util.List;

/**
 * The shape of a scorer: widths, the grade count, and which columns of the {@code features} input
 * each part reads. Columns are positions in the bundle's ordered feature list, so the layout is
 * derived from the feature schema and never from a second list of names.
 *
 * @param embeddingDim D, the width of the query and item embeddings
 * @param featureCount F, the number of feature columns
 * @param grades k, the number of relevance grades
 * @param relevanceColumns columns the RSL head reads besides the embeddings (the match features; the
 *     first-phase score goes to the Base tower only: in ESCI-like judgments it is confounded with how the
 *     judged products were retrieved)
 * @param userPreferenceColumns the k columns holding r_u(q), in grade order (empty if the schema has none)
 * @param queryPreferenceColumns the k columns holding r_cate(q), in grade order (empty if none)
 * @param incentiveColumns further columns the incentive reads (item features, r_cate support)
 * @param rslHidden hidden widths of the RSL head
 * @param towerHidden hidden widths of the Base (click) tower
 * @param incentiveHidden hidden widths of the incentive network
 * @param queryProjection width of the e_q-derived input of the incentive
 * @param incentive how tau is computed
 * @param fusion true: PRECTR's sum_i c_i p_i; false: a plain click model (one click head copied to
 *     every grade, which makes the sum equal that head whatever p is) whose tower also sees the embeddings
 * @param relevanceInput what the RSL head reads of the two embeddings
 */
public record ScorerLayout(
    int embeddingDim,
    int featureCount,
    int grades,
    List<Integer> relevanceColumns,
    List<Integer> userPreferenceColumns,
    List<Integer> queryPreferenceColumns,
    List<Integer> incentiveColumns,
    List<Integer> rslHidden,
    List<Integer> towerHidden,
    List<Integer> incentiveHidden,
    int queryProjection,
    IncentiveMode incentive,
    boolean fusion,
    RelevanceInput relevanceInput
) {
    public ScorerLayout {
        if (embeddingDim < 1) {
            throw new IllegalArgumentException("[embedding_dim] must be at least [1] but was [" + embeddingDim + "]");
        }
        if (grades < 2) {
            throw new IllegalArgumentException("[grades] must be at least [2] but was [" + grades + "]");
        }
        relevanceColumns = List.copyOf(relevanceColumns);
        userPreferenceColumns = List.copyOf(userPreferenceColumns);
        queryPreferenceColumns = List.copyOf(queryPreferenceColumns);
        incentiveColumns = List.copyOf(incentiveColumns);
        rslHidden = List.copyOf(rslHidden);
        towerHidden = List.copyOf(towerHidden);
        incentiveHidden = List.copyOf(incentiveHidden);
        checkColumns("relevance_columns", relevanceColumns, featureCount);
        checkColumns("user_preference_columns", userPreferenceColumns, featureCount);
        checkColumns("query_preference_columns", queryPreferenceColumns, featureCount);
        checkColumns("incentive_columns", incentiveColumns, featureCount);
        checkPreference("user_preference_columns", userPreferenceColumns, grades);
        checkPreference("query_preference_columns", queryPreferenceColumns, grades);
        if (incentive != IncentiveMode.NONE && userPreferenceColumns.isEmpty() && queryPreferenceColumns.isEmpty()) {
            throw new IllegalArgumentException("[incentive] [" + incentive
                + "] needs user or query preference features but the schema has none");
        }
    }

    private static void checkColumns(String field, List<Integer> columns, int featureCount) {
        for (int c : columns) {
            if (c < 0 || c >= featureCount) {
                throw new IllegalArgumentException("[" + field + "] must be in [0, " + featureCount + ") but had [" + c + "]");
            }
        }
    }

    private static void checkPreference(String field, List<Integer> columns, int grades) {
        if (!columns.isEmpty() && columns.size() != grades) {
            throw new IllegalArgumentException("[" + field + "] must have [" + grades + "] columns but had [" + columns.size() + "]");
        }
    }

    /** @return the width of the RSL head's input: [e_q, e_t, e_q*e_t, |e_q-e_t|] + relevance columns */
    public int rslInputWidth() {
        return relevanceInput.width(embeddingDim) + relevanceColumns.size();
    }

    /** @return the width of the tower's input: all features + p (fusion) or + the 4 embedding blocks (plain click model) */
    public int towerInputWidth() {
        return featureCount + (fusion ? grades : 4 * embeddingDim);
    }

    /** @return the width of the incentive's input: preference (k) + p (k) + query projection + incentive columns */
    public int incentiveInputWidth() {
        return 2 * grades + queryProjection + incentiveColumns.size();
    }
}
