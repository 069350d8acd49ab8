package org.prectr.trainer.train;

import org.prectr.trainer.model.RelevanceInput;

import org.prectr.trainer.model.IncentiveMode;

import java.util.List;

/**
 * Every option of a training run: each choice the papers leave open is a named field here with the
 * documented default (docs/training.md, "Options"); {@link Variant} presets switch components for the
 * ablations. Immutable; change it with {@link #toBuilder()}.
 *
 * @param variant the preset name recorded in the manifest
 * @param seed seeds initialisation, shuffling and noise: the same seed and data give the same model
 * @param grades k
 * @param stage1 pretrain the RSL head on grades before stage 2 (two-stage training)
 * @param stage1Epochs epochs of stage 1
 * @param stage2Epochs epochs of stage 2
 * @param batchSize stage-2 batch size (impressions)
 * @param stage1BatchSize stage-1 batch size (judged pairs)
 * @param learningRate Adam learning rate of the towers
 * @param encoderLearningRate Adam learning rate of the encoder when fine-tuned end to end
 * @param fineTuneEncoder train the text encoder end to end in stage 2 (else frozen, embeddings precomputed)
 * @param fusion PRECTR's conditional fusion sum_i c_i p_i (false: a plain click model, the DNN baseline)
 * @param incentive how tau is computed
 * @param crossUserPreference use r_cate (PRECTR-V2): features, table and the MoE input r_u + r_cate
 * @param consistencyCe stage-2 CE of the RSL head on judged impressions
 * @param consistencyCeWeight its weight
 * @param consistencyKl stage-2 KL from the frozen stage-1 RSL head to the current one, on every impression
 * @param consistencyKlWeight its weight
 * @param monotonicity stage-2 hinge sum_i max(0, c_i - c_{i+1} + delta)
 * @param monotonicityWeight its weight
 * @param monotonicityDelta delta
 * @param hardNegatives exposure-bias correction: noised item embeddings as hard negatives of clicked rows
 * @param noiseSigma noise std as a multiple of the per-dimension std of the item embeddings
 * @param negativeGradeWeight weight of the CE of the negatives' RSL output against the fake grade 0
 * @param pairMargin margin m of max(0, m - (s_pos - s_neg)) on score logits
 * @param pairWeight weight of the pairwise loss
 * @param pairDropShare share of the largest pair losses dropped per batch (dynamic truncation)
 * @param rslHidden hidden widths of the RSL head
 * @param towerHidden hidden widths of the Base tower
 * @param incentiveHidden hidden widths of the incentive network (the last one feeds the MoE experts)
 * @param queryProjection width of the e_q-derived incentive input (0: none)
 * @param maxHistory r_u: the latest history entries used
 * @param temperature r_u: softmax temperature on cosines
 * @param similarityThreshold r_cate: lowest cosine for a nearest-query match
 * @param minPreferenceClicks r_cate: fewest graded clicks for a table entry
 * @param queryMaxLength tokens per query
 * @param itemMaxLength tokens per item text
 * @param itemTextFields product fields joined into the item text
 * @param firstPhaseFields text fields of the first phase the rescorer sits behind (a BM25 match query); the
 *     trainer recomputes each row's first-phase score over the catalogue for the {@code bm25_ratio} feature;
 *     empty: no first-phase feature
 * @param unexposedNegatives stage 2: per logged search, products of the query's first-phase top
 *     {@code rescoreWindow} that were not shown, added as rows without a click (needs firstPhaseFields)
 * @param rescoreWindow the rescore window those negatives are drawn from
 * @param firstPhaseCandidates which products a query's first-phase window holds: {@code catalogue} (the query's
 *     BM25 top {@code rescoreWindow} of the whole catalogue, as a live index serves it) or {@code judged} (its
 *     judged products only, in BM25 order: the evaluation's {@code graded} protocol, the ESCI ranking task); it
 *     sets the window's best score of the {@code bm25_ratio} feature and where unexposed negatives come from
 * @param positionAware stage 2 fits clicks as P(examined | display position) x P(click | examined), with a
 *     learned examination probability per position that serving leaves out (position-bias-aware learning)
 * @param selectBestEpoch keep, per stage, the weights of the epoch with the best validation metric (stage 1:
 *     NDCG@10 of the RSL head's expected grade; stage 2: click AUC, or NDCG@10 of the score without logged
 *     validation impressions); no effect without validation data
 * @param relevanceInput what the RSL head reads of the query and item embeddings ({@link RelevanceInput})
 * @param relevanceFirstPhase the RSL head also reads the first-phase features (bm25_ratio); they always feed the
 *     click tower. Off by default: history grades are inferred with a first-phase score of 1 (a history click has
 *     no window), so a head that reads bm25_ratio would see every past click as the window's best hit
 * @param historyGrades where r_u(q) takes the grades of history clicks from ({@link HistoryGradeSource})
 * @param fineTuneLayers with end-to-end fine-tuning, how many of the encoder's top transformer layers train (with
 *     the final LayerNorm); the layers below are frozen and their outputs computed once per text, and stage-2
 *     batches are grouped by query so that their texts repeat (default 1; the encoder's layer count or more: all)
 * @param relevanceListwiseWeight weight of the stage-1 listwise term ({@code ListwiseGainLoss}: each query's rows
 *     ranked by the RSL head's expected gain against their gains); 0: cross-entropy only
 * @param relevanceWeights candidates for w, the weight of the relevance head's expected ESCI gain in the served
 *     score (score = sigmoid((logit(f) + tau + w E[gain]) / (1 + w)), {@code PrectrScorer#relevanceWeight}); after stage 2 the
 *     candidate with the best NDCG@10 of the score plus click AUC on the validation queries is kept ({@code RelevanceWeightSelection});
 *     one value: that value; without validation data: the first candidate
 * @param freezeRelevanceHead stage 2 leaves the RSL head as stage 1 selected it (a stop-gradient from the click loss
 *     into P(grade | x)): the click tower, the incentive and (when fine-tuned) the encoder learn from the clicks
 * @param historyMatchFields keyword fields with a {@code history_match} feature ({@code history_<field>}: 1 when the user
 *     clicked an item with the hit's value before, e.g. a brand affinity); empty (the default): none. Off by default:
 *     on the evaluation's held-out queries {@code history_brand} cost PRECTR-V2 0.004 personalised NDCG@10 (docs/training.md)
 */
public record TrainerConfig(
    String variant, long seed, int grades,
    boolean stage1, int stage1Epochs, int stage2Epochs, int batchSize, int stage1BatchSize,
    float learningRate, float encoderLearningRate, boolean fineTuneEncoder,
    boolean fusion, IncentiveMode incentive, boolean crossUserPreference,
    boolean consistencyCe, float consistencyCeWeight, boolean consistencyKl, float consistencyKlWeight,
    boolean monotonicity, float monotonicityWeight, float monotonicityDelta,
    boolean hardNegatives, float noiseSigma, float negativeGradeWeight, float pairMargin, float pairWeight,
    double pairDropShare,
    List<Integer> rslHidden, List<Integer> towerHidden, List<Integer> incentiveHidden, int queryProjection,
    int maxHistory, double temperature, double similarityThreshold, int minPreferenceClicks,
    int queryMaxLength, int itemMaxLength, List<String> itemTextFields, List<String> firstPhaseFields, int unexposedNegatives,
    int rescoreWindow, boolean positionAware,
    boolean selectBestEpoch, String firstPhaseCandidates,
    RelevanceInput relevanceInput, boolean relevanceFirstPhase, HistoryGradeSource historyGrades,
    int fineTuneLayers, float relevanceListwiseWeight, List<Float> relevanceWeights, boolean freezeRelevanceHead,
    List<String> historyMatchFields
) {
    /** The values of {@link #firstPhaseCandidates}. */
    public static final List<String> FIRST_PHASE_CANDIDATES = List.of("catalogue", "judged");
    /** The default candidates of {@link #relevanceWeights}: 0 keeps the fused click probability as the score. */
    public static final List<Float> DEFAULT_RELEVANCE_WEIGHTS = List.of(0f, 1f, 2f, 4f, 8f, 16f, 32f, 64f);


    public TrainerConfig {
        positive("grades", grades, 2);
        positive("stage1_epochs", stage1Epochs, 0);
        positive("stage2_epochs", stage2Epochs, 0);
        positive("batch_size", batchSize, 1);
        positive("stage1_batch_size", stage1BatchSize, 1);
        positive("query_max_length", queryMaxLength, 2);
        positive("item_max_length", itemMaxLength, 2);
        positive("min_preference_clicks", minPreferenceClicks, 1);
        positive("unexposed_negatives", unexposedNegatives, 0);
        positive("rescore_window", rescoreWindow, 1);
        positive("fine_tune_layers", fineTuneLayers, 1);
        relevanceWeights = List.copyOf(relevanceWeights);
        historyMatchFields = List.copyOf(historyMatchFields);
        if (relevanceWeights.isEmpty()) {
            throw new IllegalArgumentException("[relevance_weights] must name at least one weight but was []");
        }
        for (Float w : relevanceWeights) {
            if (!(w >= 0 && Float.isFinite(w))) {
                throw new IllegalArgumentException("[relevance_weights] must be finite numbers >= 0 but was " + relevanceWeights);
            }
        }
        if (!(relevanceListwiseWeight >= 0 && Float.isFinite(relevanceListwiseWeight))) {
            throw new IllegalArgumentException("[relevance_listwise_weight] must be >= 0 but was [" + relevanceListwiseWeight + "]");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("[learning_rate] must be > 0 but was [" + learningRate + "]");
        }
        if (!(encoderLearningRate > 0)) {
            throw new IllegalArgumentException("[encoder_learning_rate] must be > 0 but was [" + encoderLearningRate + "]");
        }
        if (!(pairDropShare >= 0 && pairDropShare < 1)) {
            throw new IllegalArgumentException("[pair_drop_share] must be in [0, 1) but was [" + pairDropShare + "]");
        }
        if (!(noiseSigma >= 0)) {
            throw new IllegalArgumentException("[noise_sigma] must be >= 0 but was [" + noiseSigma + "]");
        }
        if (!(consistencyCeWeight >= 0)) {
            throw new IllegalArgumentException("[consistency_ce_weight] must be >= 0 but was [" + consistencyCeWeight + "]");
        }
        if (!(consistencyKlWeight >= 0)) {
            throw new IllegalArgumentException("[consistency_kl_weight] must be >= 0 but was [" + consistencyKlWeight + "]");
        }
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("[temperature] must be > 0 but was [" + temperature + "]");
        }
        if (maxHistory < 1 || maxHistory > 1000) {
            throw new IllegalArgumentException("[max_history] must be in [1, 1000] but was [" + maxHistory + "]");
        }
        rslHidden = List.copyOf(rslHidden);
        towerHidden = List.copyOf(towerHidden);
        incentiveHidden = List.copyOf(incentiveHidden);
        itemTextFields = List.copyOf(itemTextFields);
        firstPhaseFields = List.copyOf(firstPhaseFields);
        if (!FIRST_PHASE_CANDIDATES.contains(firstPhaseCandidates)) {
            throw new IllegalArgumentException("[first_phase_candidates] must be one of " + FIRST_PHASE_CANDIDATES
                + " but was [" + firstPhaseCandidates + "]");
        }
    }

    /** @return true when a query's first-phase window is its judged products ({@code judged}) */
    public boolean judgedCandidates() {
        return firstPhaseCandidates.equals("judged");
    }

    private static void positive(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("[" + field + "] must be at least [" + min + "] but was [" + value + "]");
        }
    }

    /** @return the PRECTR-V2 defaults (docs/training.md) */
    public static TrainerConfig defaults() {
        return new TrainerConfig("prectr_v2", 42L, 4,
            true, 8, 4, 512, 128,
            1e-3f, 1e-4f, false,
            true, IncentiveMode.MIXTURE, true,
            true, 10.0f, true, 10.0f,
            true, 0.1f, 0.0f,
            true, 4.0f, 0.5f, 1.0f, 0.2f, 0.1,
            List.of(64), List.of(128, 64), List.of(32), 8,
            50, 0.1, 0.8, 3,
            16, 48, List.of("title"), List.of("title"), 20, 100, false, true, "catalogue",
            RelevanceInput.FULL, false, HistoryGradeSource.INFERRED, 1, 0f, DEFAULT_RELEVANCE_WEIGHTS, true,
            List.of());
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes single options of a configuration (the record stays immutable). */
    public static final class Builder {
        private Object[] values;

        private Builder(TrainerConfig c) {
            var components = TrainerConfig.class.getRecordComponents();
            values = new Object[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    values[i] = components[i].getAccessor().invoke(c);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * @param name a record component name, e.g. {@code "stage2Epochs"}
         * @param value its new value (of the component's type)
         * @return this
         */
        public Builder set(String name, Object value) {
            var components = TrainerConfig.class.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(name)) {
                    values[i] = value;
                    return this;
                }
            }
            throw new IllegalArgumentException("[option] must be a trainer option but was [" + name + "]");
        }

        /** @return the configuration (validated) */
        public TrainerConfig build() {
            var components = TrainerConfig.class.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            try {
                return TrainerConfig.class.getDeclaredConstructor(types).newInstance(values);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
