package org.prectr.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.prectr.onnx.OnnxDim;
import org.prectr.onnx.OnnxElementType;
import org.prectr.onnx.OnnxGraphBuilder;
import org.prectr.onnx.OnnxOps;

import java.util.List;

/**
 * The PRECTR / PRECTR-V2 scorer as DJL tensors: RSL head P(grade | x), Base tower P(click | grade, x),
 * conditional fusion f = sum_i c_i p_i, the incentive tau (a learned personal shift, blended once trained with the
 * relevance head's expected gain: {@link #relevanceWeight(float)}), and score = sigmoid(logit(clamp(f)) + tau).
 * {@link #export} writes the same computation as ONNX, op for op, in the same order, right below
 * each forward method, so a change to one is seen next to the other (a parity test holds them to 1e-5).
 */
public final class PrectrScorer {

    /** Probabilities are clamped to [EPSILON, 1 - EPSILON] before the logit, as the core's StableMath. */
    public static final float EPSILON = 1e-7f;
    /** The RSL head's parameter names are {@code rsl.<layer>.weight} and {@code rsl.<layer>.bias}. */
    public static final String RELEVANCE_HEAD = "rsl";

    private final ScorerLayout layout;
    private final ParameterStore store;
    private final Mlp rsl;
    private final Mlp tower;
    private final Dense queryProjection;
    private final Mlp incentiveTrunk;
    private final Dense boost;
    private final Dense suppress;
    private final Dense gate;
    private final NDArray relevanceSelect;
    private final NDArray userSelect;
    private final NDArray querySelect;
    private final NDArray incentiveSelect;
    private final float[] gains;
    private final NDArray gainColumn;
    private float relevanceWeight;

    /**
     * @param layout the shape
     * @param manager owns the parameters and constants
     * @param seed initialisation seed
     */
    public PrectrScorer(ScorerLayout layout, NDManager manager, long seed) {
        this.layout = layout;
        this.store = new ParameterStore(manager, seed);
        int k = layout.grades();
        this.rsl = Mlp.create(store, RELEVANCE_HEAD, layout.rslInputWidth(), layout.rslHidden(), k);
        this.tower = Mlp.create(store, "tower", layout.towerInputWidth(), layout.towerHidden(), layout.fusion() ? k : 1);
        if (layout.incentive() == IncentiveMode.NONE) {
            queryProjection = null;
            incentiveTrunk = null;
            boost = null;
            suppress = null;
            gate = null;
        } else {
            queryProjection = layout.queryProjection() > 0
                ? Dense.create(store, "incentive.query", layout.embeddingDim(), layout.queryProjection(), 0f) : null;
            if (layout.incentive() == IncentiveMode.PERSONAL) {
                incentiveTrunk = Mlp.create(store, "incentive", layout.incentiveInputWidth(), layout.incentiveHidden(), 1);
                boost = null;
                suppress = null;
                gate = null;
            } else {
                List<Integer> hidden = layout.incentiveHidden();
                if (hidden.isEmpty()) {
                    throw new IllegalArgumentException("[incentive_hidden] must not be empty for the [MIXTURE] incentive");
                }
                int last = hidden.get(hidden.size() - 1);
                incentiveTrunk = Mlp.create(store, "incentive", layout.incentiveInputWidth(),
                    hidden.subList(0, hidden.size() - 1), last);
                boost = Dense.create(store, "incentive.boost", last, 1, 0f);
                suppress = Dense.create(store, "incentive.suppress", last, 1, 0f);
                gate = Dense.create(store, "incentive.gate", last, 2, 0f);
            }
        }
        relevanceSelect = selection(manager, layout.relevanceColumns());
        userSelect = selection(manager, layout.userPreferenceColumns());
        querySelect = selection(manager, layout.queryPreferenceColumns());
        incentiveSelect = selection(manager, layout.incentiveColumns());
        gains = org.prectr.core.data.EsciGrade.gains(k);
        gainColumn = manager.create(gains, new Shape(k, 1));
    }

    /**
     * Sets the relevance weight w of the served score: score = sigmoid((logit(f) + tau_personal + w E[gain]) / (1 + w)),
     * with E[gain] = sum_i gain_i p_i the relevance head's expected ESCI gain. Dividing by 1 + w changes no order and
     * keeps the float sigmoid away from 1 (where scores would tie); the {@code tau} output is the whole shift,
     * score logit minus logit(f), so score = sigmoid(logit(f) + tau) still holds. The trainer selects w
     * on the validation queries after stage 2 ({@code RelevanceWeightSelection}); during training it is 0, so the
     * losses never see it (the click loss would otherwise learn to cancel it).
     *
     * @param weight w, finite and >= 0
     */
    public void relevanceWeight(float weight) {
        if (!(weight >= 0 && Float.isFinite(weight))) {
            throw new IllegalArgumentException("[relevance_weight] must be a finite number >= 0 but was [" + weight + "]");
        }
        this.relevanceWeight = weight;
    }

    /** @return w, the weight of the expected gain in the served score (0: the score is the fused click probability) */
    public float relevanceWeight() {
        return relevanceWeight;
    }

    /** A constant 0/1 matrix [F, m] whose product with features picks the columns (exact in float). */
    private NDArray selection(NDManager manager, List<Integer> columns) {
        if (columns.isEmpty()) {
            return null;
        }
        float[] m = new float[layout.featureCount() * columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            m[columns.get(j) * columns.size() + j] = 1f;
        }
        return manager.create(m, new Shape(layout.featureCount(), columns.size()));
    }

    /**
     * The full scorer.
     *
     * @param query query embeddings [B, D]
     * @param item item embeddings [B, D]
     * @param features feature rows [B, F] (standardised as the manifest says)
     * @return every output
     */
    public ScorerOutputs forward(NDArray query, NDArray item, NDArray features) {
        NDArray interaction = NDArrays.concat(new NDList(query, item, query.mul(item), query.sub(item).abs()), 1);
        NDArray pair = layout.relevanceInput() == RelevanceInput.FULL ? interaction
            : layout.relevanceInput().forward(query, item);
        NDArray rslInput = relevanceSelect == null ? pair
            : NDArrays.concat(new NDList(pair, features.matMul(relevanceSelect)), 1);
        NDArray gradeLogits = rsl.forward(rslInput);
        NDArray gradeProbs = gradeLogits.softmax(1);

        NDArray towerInput = NDArrays.concat(new NDList(features, layout.fusion() ? gradeProbs : interaction), 1);
        NDArray clickLogits = tower.forward(towerInput);
        if (!layout.fusion()) {
            clickLogits = clickLogits.repeat(1, layout.grades());
        }
        NDArray clickProbs = Activation.sigmoid(clickLogits);

        NDArray fused = clickProbs.mul(gradeProbs).sum(new int[] {1}, true).clip(EPSILON, 1f - EPSILON);
        NDArray fusedLogit = fused.log().sub(fused.mul(-1f).add(1f).log());
        NDArray tau = incentive(query, features, gradeProbs);
        NDArray scoreLogit = fusedLogit.add(tau);
        if (relevanceWeight != 0f) {
            // (logit(f) + tau + w E[gain]) / (1 + w): the division keeps the order and the sigmoid out of saturation
            scoreLogit = scoreLogit.add(gradeProbs.matMul(gainColumn).mul(relevanceWeight)).div(1f + relevanceWeight);
            tau = scoreLogit.sub(fusedLogit);
        }
        return new ScorerOutputs(gradeLogits, gradeProbs, clickLogits, clickProbs, tau, scoreLogit,
            Activation.sigmoid(scoreLogit));
    }

    /**
     * Writes {@link #forward} as the bundle's scorer graph: inputs {@code query_embedding} [B, D],
     * {@code item_embedding} [B, D], {@code features} [B, F]; outputs {@code grade_probs},
     * {@code click_probs} [B, k], {@code tau} and {@code score} [B, 1] (docs/bundle.md).
     *
     * @return the graph, ready to be written
     */
    public OnnxGraphBuilder export() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("prectr_scorer").producer("prectr-trainer");
        OnnxOps ops = g.ops();
        OnnxDim batch = OnnxDim.named("batch");
        OnnxDim d = OnnxDim.fixed(layout.embeddingDim());
        OnnxDim k = OnnxDim.fixed(layout.grades());
        String query = g.input("query_embedding", OnnxElementType.FLOAT, batch, d);
        String item = g.input("item_embedding", OnnxElementType.FLOAT, batch, d);
        String features = g.input("features", OnnxElementType.FLOAT, batch, OnnxDim.fixed(layout.featureCount()));

        String interaction = ops.concat(1, query, item, ops.mul(query, item),
            g.node("Abs").inputs(ops.sub(query, item)).output());
        String pair = layout.relevanceInput() == RelevanceInput.FULL ? interaction
            : layout.relevanceInput().export(g, query, item);
        String rslInput = relevanceSelect == null ? pair
            : ops.concat(1, pair, select(g, features, layout.relevanceColumns()));
        String gradeLogits = rsl.export(g, rslInput);
        String gradeProbs = ops.softmax(gradeLogits, 1);

        String towerInput = ops.concat(1, features, layout.fusion() ? gradeProbs : interaction);
        String clickLogits = tower.export(g, towerInput);
        if (!layout.fusion()) {
            clickLogits = g.node("Tile").inputs(clickLogits, g.longs(1, layout.grades())).output();
        }
        String clickProbs = ops.sigmoid(clickLogits);

        String fused = ops.clip(ops.reduceSum(ops.mul(clickProbs, gradeProbs), true, 1), EPSILON, 1f - EPSILON);
        String fusedLogit = ops.sub(ops.log(fused), ops.log(ops.add(ops.mul(fused, g.scalar(-1f)), g.scalar(1f))));
        String tau = exportIncentive(g, query, features, gradeProbs);
        String scoreLogit = ops.add(fusedLogit, tau);
        if (relevanceWeight != 0f) {
            String expectedGain = ops.matMul(gradeProbs, g.initializer("relevance_gains", gains, gains.length, 1));
            scoreLogit = ops.div(ops.add(scoreLogit, ops.mul(expectedGain, g.scalar(relevanceWeight))), g.scalar(1f + relevanceWeight));
            tau = ops.sub(scoreLogit, fusedLogit);
        }

        g.output(gradeProbs, "grade_probs", OnnxElementType.FLOAT, batch, k);
        g.output(clickProbs, "click_probs", OnnxElementType.FLOAT, batch, k);
        g.output(tau, "tau", OnnxElementType.FLOAT, batch, OnnxDim.fixed(1));
        g.output(ops.sigmoid(scoreLogit), "score", OnnxElementType.FLOAT, batch, OnnxDim.fixed(1));
        return g;
    }

    /** Gather on axis 1 picks the same columns as the 0/1 selection matrix of {@link #forward}. */
    private static String select(OnnxGraphBuilder g, String features, List<Integer> columns) {
        long[] idx = columns.stream().mapToLong(Integer::longValue).toArray();
        return g.ops().gather(features, g.initializer("columns", idx, idx.length), 1);
    }

    private NDArray incentive(NDArray query, NDArray features, NDArray gradeProbs) {
        if (layout.incentive() == IncentiveMode.NONE) {
            return gradeProbs.sum(new int[] {1}, true).mul(0f);
        }
        NDArray preference;
        if (layout.incentive() == IncentiveMode.PERSONAL || querySelect == null) {
            preference = features.matMul(userSelect != null ? userSelect : querySelect);
        } else if (userSelect == null) {
            preference = features.matMul(querySelect);
        } else {
            // PRECTR-V2: r_user + r_cate, summed per grade
            preference = features.matMul(userSelect).add(features.matMul(querySelect));
        }
        NDList parts = new NDList(preference, gradeProbs);
        if (queryProjection != null) {
            parts.add(queryProjection.forward(query));
        }
        if (incentiveSelect != null) {
            parts.add(features.matMul(incentiveSelect));
        }
        NDArray input = NDArrays.concat(parts, 1);
        if (layout.incentive() == IncentiveMode.PERSONAL) {
            return incentiveTrunk.forward(input);
        }
        NDArray hidden = incentiveTrunk.forward(input).maximum(0f);
        NDArray up = Activation.softPlus(boost.forward(hidden));
        NDArray down = Activation.softPlus(suppress.forward(hidden)).mul(-1f);
        NDArray weights = gate.forward(hidden).softmax(1);
        return NDArrays.concat(new NDList(up, down), 1).mul(weights).sum(new int[] {1}, true);
    }

    private String exportIncentive(OnnxGraphBuilder g, String query, String features, String gradeProbs) {
        OnnxOps ops = g.ops();
        if (layout.incentive() == IncentiveMode.NONE) {
            return ops.mul(ops.reduceSum(gradeProbs, true, 1), g.scalar(0f));
        }
        String preference;
        if (layout.incentive() == IncentiveMode.PERSONAL || querySelect == null) {
            preference = select(g, features, userSelect != null ? layout.userPreferenceColumns() : layout.queryPreferenceColumns());
        } else if (userSelect == null) {
            preference = select(g, features, layout.queryPreferenceColumns());
        } else {
            preference = ops.add(select(g, features, layout.userPreferenceColumns()),
                select(g, features, layout.queryPreferenceColumns()));
        }
        List<String> parts = new java.util.ArrayList<>(List.of(preference, gradeProbs));
        if (queryProjection != null) {
            parts.add(queryProjection.export(g, query));
        }
        if (incentiveSelect != null) {
            parts.add(select(g, features, layout.incentiveColumns()));
        }
        String input = ops.concat(1, parts.toArray(String[]::new));
        if (layout.incentive() == IncentiveMode.PERSONAL) {
            return incentiveTrunk.export(g, input);
        }
        String hidden = ops.relu(incentiveTrunk.export(g, input));
        String up = ops.softplus(boost.export(g, hidden));
        String down = ops.mul(ops.softplus(suppress.export(g, hidden)), g.scalar(-1f));
        String weights = ops.softmax(gate.export(g, hidden), 1);
        return ops.reduceSum(ops.mul(ops.concat(1, up, down), weights), true, 1);
    }

    /** @return the layout */
    public ScorerLayout layout() {
        return layout;
    }

    /** @return the parameters */
    public ParameterStore parameters() {
        return store;
    }

    Mlp rsl() {
        return rsl;
    }

    Mlp tower() {
        return tower;
    }

    Dense queryProjection() {
        return queryProjection;
    }

    Mlp incentiveTrunk() {
        return incentiveTrunk;
    }

    Dense boost() {
        return boost;
    }

    Dense suppress() {
        return suppress;
    }

    Dense gate() {
        return gate;
    }
}
