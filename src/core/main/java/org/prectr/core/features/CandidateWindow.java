package org.prectr.core.features;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The per-hit inputs of one rescore window, in window order (row r is the hit of first-phase rank r):
 * first-phase scores, item texts, numeric document fields (NaN = missing), keyword document fields
 * (null = missing) and, optionally, stored item embeddings (row-major rows x D, with a per-row
 * "present" flag; rows without one are encoded from their text). Columns are plain arrays so the hot
 * path does no per-hit boxing; the arrays are taken as they are (not copied) and must not be changed
 * afterwards.
 */
public final class CandidateWindow {

    private final float[] firstPassScores;
    private final String[] itemTexts;
    private final Map<String, double[]> numericFields;
    private final Map<String, String[]> keywordFields;
    private final float[] embeddings;
    private final boolean[] embeddingPresent;
    private final int embeddingDim;
    private final float topScore;
    private final String[][] itemKeywords;
    private final MatchFeatures.ItemMatch[] itemMatches;

    private CandidateWindow(Builder b) {
        this.firstPassScores = b.firstPassScores;
        float top = Float.NEGATIVE_INFINITY;
        for (float s : b.firstPassScores) {
            top = Math.max(top, s);
        }
        this.topScore = Float.isNaN(b.topScore) ? top : b.topScore;
        this.itemKeywords = b.itemKeywords;
        this.itemMatches = b.itemMatches;
        this.itemTexts = b.itemTexts;
        this.numericFields = Map.copyOf(b.numericFields);
        this.keywordFields = Map.copyOf(b.keywordFields);
        this.embeddings = b.embeddings;
        this.embeddingPresent = b.embeddingPresent;
        this.embeddingDim = b.embeddingDim;
    }

    /**
     * @param firstPassScores the hits' first-phase scores, one per row
     * @param itemTexts the hits' item texts (null is read as empty), one per row
     * @return a builder for the other columns
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static Builder builder(float[] firstPassScores, String[] itemTexts) {
        return new Builder(firstPassScores, itemTexts);
    }

    /**
     * @param firstPassScores the hits' first-phase scores
     * @param itemTexts the hits' item texts
     * @return a window with no document fields and no stored embeddings
     */
    public static CandidateWindow of(float[] firstPassScores, String[] itemTexts) {
        return builder(firstPassScores, itemTexts).build();
    }

    /**
     * @return the best first-phase score of the whole result list the window comes from: the highest
     *     score among its rows unless the builder was given it ({@link Builder#topScore(float)})
     */
    public float topScore() {
        return topScore;
    }

    /**
     * @param row a row
     * @return the row's stored match keywords ({@code MatchFeatures.itemKeywords} of its text), or null
     *     when the row has none and its text is used
     */
    public String[] itemKeywords(int row) {
        return itemKeywords == null ? null : itemKeywords[row];
    }

    /**
     * @param row a row
     * @return the row's match values against this request's query, computed by the engine from the
     *     keywords it stores (by ordinal, without decoding them), or null when the keywords or the text
     *     are to be matched
     */
    public MatchFeatures.ItemMatch itemMatch(int row) {
        return itemMatches == null ? null : itemMatches[row];
    }

    /** @return the number of hits */
    public int rows() {
        return firstPassScores.length;
    }

    /**
     * @param row a row
     * @return that hit's first-phase score
     */
    public float firstPassScore(int row) {
        return firstPassScores[row];
    }

    /**
     * @param row a row
     * @return that hit's item text, never null
     */
    public String itemText(int row) {
        String text = itemTexts[row];
        return text == null ? "" : text;
    }

    /** @return the numeric fields this window holds */
    public Set<String> numericFieldNames() {
        return numericFields.keySet();
    }

    /** @return the keyword fields this window holds */
    public Set<String> keywordFieldNames() {
        return keywordFields.keySet();
    }

    /**
     * @param field a logical numeric field
     * @return its column (NaN = missing), or null when the window does not hold it
     */
    public double[] numeric(String field) {
        return numericFields.get(field);
    }

    /**
     * @param field a logical keyword field
     * @return its column (null = missing), or null when the window does not hold it
     */
    public String[] keyword(String field) {
        return keywordFields.get(field);
    }

    /** @return D of the stored embeddings, or 0 when the window has none */
    public int embeddingDim() {
        return embeddingDim;
    }

    /**
     * @param row a row
     * @return whether that hit has a stored item embedding
     */
    public boolean hasEmbedding(int row) {
        return embeddingPresent != null && embeddingPresent[row];
    }

    /**
     * @return the stored embeddings, row-major rows x D (rows without one hold anything), or null
     */
    public float[] embeddings() {
        return embeddings;
    }

    /** Collects the optional columns of a window, checking every length against the row count. */
    public static final class Builder {
        private final float[] firstPassScores;
        private final String[] itemTexts;
        private final Map<String, double[]> numericFields = new HashMap<>();
        private final Map<String, String[]> keywordFields = new HashMap<>();
        private float[] embeddings;
        private boolean[] embeddingPresent;
        private int embeddingDim;
        private float topScore = Float.NaN;
        private String[][] itemKeywords;
        private MatchFeatures.ItemMatch[] itemMatches;

        private Builder(float[] firstPassScores, String[] itemTexts) {
            Objects.requireNonNull(firstPassScores, "firstPassScores");
            Objects.requireNonNull(itemTexts, "itemTexts");
            checkRows("item_texts", itemTexts.length, firstPassScores.length);
            this.firstPassScores = firstPassScores;
            this.itemTexts = itemTexts;
        }

        /**
         * @param field a logical numeric field
         * @param values one per row, NaN = missing
         * @return this builder
         */
        public Builder numeric(String field, double[] values) {
            checkRows(field, values.length, firstPassScores.length);
            numericFields.put(field, values);
            return this;
        }

        /**
         * @param field a logical keyword field
         * @param values one per row, null = missing
         * @return this builder
         */
        public Builder keyword(String field, String[] values) {
            checkRows(field, values.length, firstPassScores.length);
            keywordFields.put(field, values);
            return this;
        }

        /**
         * @param values row-major rows x dim
         * @param present per row, whether its embedding is stored
         * @param dim D
         * @return this builder
         */
        public Builder embeddings(float[] values, boolean[] present, int dim) {
            int rows = firstPassScores.length;
            if (dim < 1 || values.length != (long) rows * dim) {
                throw new IllegalArgumentException("[embeddings] must hold [" + rows + " x " + dim
                    + "] values but had [" + values.length + "]");
            }
            checkRows("embeddings.present", present.length, rows);
            this.embeddings = values;
            this.embeddingPresent = present;
            this.embeddingDim = dim;
            return this;
        }

        /**
         * Sets the best first-phase score of the result list when the window holds only part of it (a
         * trainer that rebuilds a logged page or a single judged product; the rescorer's window starts
         * at the first hit, so it leaves this unset).
         *
         * @param score the result list's best score, finite
         * @return this builder
         */
        public Builder topScore(float score) {
            if (!Float.isFinite(score)) {
                throw new IllegalArgumentException("[top_score] must be finite but was [" + score + "]");
            }
            this.topScore = score;
            return this;
        }

        /**
         * Stored match keywords per row ({@code MatchFeatures.itemKeywords} of the item text, kept by the
         * index), used instead of the text for the match features; a null row falls back to its text.
         *
         * @param values one per row, null = none
         * @return this builder
         */
        public Builder itemKeywords(String[][] values) {
            checkRows("item_keywords", values.length, firstPassScores.length);
            this.itemKeywords = values;
            return this;
        }

        /**
         * Match values per row already computed against the request's query (an engine that matches
         * stored keywords by ordinal); a null row falls back to its keywords, then its text. Such a
         * window belongs to one query.
         *
         * @param values one per row, null = not computed
         * @return this builder
         */
        public Builder itemMatches(MatchFeatures.ItemMatch[] values) {
            checkRows("item_matches", values.length, firstPassScores.length);
            this.itemMatches = values;
            return this;
        }

        /** @return the window */
        public CandidateWindow build() {
            return new CandidateWindow(this);
        }

        private static void checkRows(String column, int length, int rows) {
            if (length != rows) {
                throw new IllegalArgumentException("[" + column + "] must have one value per hit [" + rows
                    + "] but had [" + length + "]");
            }
        }
    }
}
