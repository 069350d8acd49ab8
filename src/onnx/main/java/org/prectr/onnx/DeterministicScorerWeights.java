package org.prectr.onnx;

import java.util.ArrayList;
import java.util.List;
import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.features.FeatureSource;

/**
 * The hand-set feature schema and weights of the deterministic scorer (see
 * {@link DeterministicBundleWriter} for the formula they enter). Every feature source of docs/bundle.md
 * appears, on the ESCI product fields ({@code title}, {@code brand}, {@code color}, {@code rating},
 * {@code rating_count}, {@code price}, {@code is_book}) and the demo user features ({@code segment},
 * {@code age_bucket}), and every feature has a non-zero weight in some head, so a column assembled
 * wrongly changes the scores.
 *
 * <p>Each feature feeds five linear heads, the columns of {@link #headMatrix()}: relevance {@code rel},
 * click shift {@code shift}, strictness {@code strict}, leniency {@code lenient} and the lenient
 * users' item preference {@code cheap}. The standardisation constants are rounded from the 6,764 ESCI-150
 * products (log1p(rating_count): mean 7.07, std 2.30; rating: 4.44, 0.33; log1p(price): 3.37, 0.96;
 * price is missing on 70% of products and defaults to 28, a typical price, so that missing is neutral).
 */
public final class DeterministicScorerWeights {

    /** Head columns of {@link #headMatrix()}. */
    public static final int REL = 0, SHIFT = 1, STRICT = 2, LENIENT = 3, CHEAP = 4, HEADS = 5;

    /** The relevance grades, lowest first (ESCI: I, C, S, E). */
    public static final List<String> GRADES = List.of("irrelevant", "complement", "substitute", "exact");

    /** rel = COSINE_WEIGHT * cos(query, item) + features . w_rel + RELEVANCE_BIAS. */
    public static final float COSINE_WEIGHT = 3.0f;
    /** Bias of the relevance head: a text with no overlap leans to grade 0. */
    public static final float RELEVANCE_BIAS = -2.5f;
    /** strict term = strict * STRICT_GAIN * (E[grade] - STRICT_PIVOT): above the pivot, strict users boost. */
    public static final float STRICT_GAIN = 2.0f;
    /** The expected grade at which the strict term changes sign (between substitute and complement). */
    public static final float STRICT_PIVOT = 1.5f;

    private static final float[] GRADE_SLOPE = {0f, 1f, 2f, 3f};
    private static final float[] GRADE_BIAS = {0f, 0.5f, 0.5f, 0f};
    private static final float[] CLICK_BIAS = {-3f, -2f, -1f, 0f};
    private static final float[] OTHER_GRADE_WEIGHTS = {0f, 1.5f, 1.5f, 0f};

    private record Column(FeatureSpec spec, float[] heads) {}

    private final List<Column> columns;

    private DeterministicScorerWeights(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** @return the schema and weights documented in the class javadoc */
    public static DeterministicScorerWeights standard() {
        List<Column> c = new ArrayList<>();
        c.add(col(spec("bm25_ratio", FeatureSource.FIRST_PASS).stat("score_ratio"), REL, 1.0f));
        c.add(col(spec("query_coverage", FeatureSource.MATCH).match("query_coverage"), REL, 2.0f));
        c.add(col(spec("jaccard", FeatureSource.MATCH).match("jaccard"), REL, 1.0f));
        c.add(col(spec("negation_violation", FeatureSource.MATCH).match("negation_violation"), REL, -6.0f));
        c.add(col(spec("brand_in_query", FeatureSource.MATCH).match("field_in_query").field("brand"), REL, 0.5f));
        c.add(col(spec("color_in_query", FeatureSource.MATCH).match("field_in_query").field("color"), REL, 0.5f));
        c.add(col(spec("log_rating_count", FeatureSource.DOC_NUMERIC).field("rating_count").transform("log1p")
            .missing(0).standardise(7.0, 2.3), SHIFT, 0.3f));
        c.add(col(spec("rating", FeatureSource.DOC_NUMERIC).field("rating").missing(4.4).standardise(4.4, 0.35),
            SHIFT, 0.2f));
        c.add(col(spec("log_price", FeatureSource.DOC_NUMERIC).field("price").transform("log1p").missing(28)
            .standardise(3.37, 0.96), CHEAP, -1.0f));
        c.add(col(spec("is_book", FeatureSource.DOC_KEYWORD).field("is_book").equalsValue("true"), SHIFT, -0.3f));
        c.add(col(spec("segment_new", FeatureSource.USER_KEYWORD).key("segment").equalsValue("new"), SHIFT, 0.5f));
        c.add(col(spec("age_bucket", FeatureSource.USER_NUMERIC).key("age_bucket").missing(0), SHIFT, -0.05f));
        c.add(col(spec("history_length", FeatureSource.USER_HISTORY).stat("length"), SHIFT, 0.1f));
        c.add(col(spec("history_click_rate", FeatureSource.USER_HISTORY).stat("click_rate"), SHIFT, 0.2f));
        c.add(col(spec("history_similarity", FeatureSource.USER_HISTORY).stat("max_similarity"), SHIFT, 0.2f));
        for (String prefix : List.of("r_user_", "r_cate_")) {
            FeatureSource source = prefix.equals("r_user_") ? FeatureSource.USER_PREFERENCE : FeatureSource.QUERY_PREFERENCE;
            // grade 0 and the middle grades make a user lenient (clicks off exact matches), grade 3 strict
            float[] lenientByGrade = {0.5f, 1.0f, 1.0f, 0f};
            for (int grade = 0; grade < GRADES.size(); grade++) {
                FeatureBuilder f = spec(prefix + grade, source).grade(grade);
                c.add(grade == GRADES.size() - 1 ? col(f, STRICT, 1.0f) : col(f, LENIENT, lenientByGrade[grade]));
            }
        }
        c.add(col(spec("r_cate_support", FeatureSource.QUERY_PREFERENCE).stat("support"), SHIFT, 0.05f));
        return new DeterministicScorerWeights(c);
    }

    /** @return the features in column order, as written to the manifest */
    public List<FeatureSpec> features() {
        return columns.stream().map(Column::spec).toList();
    }

    /** @return F, the number of features */
    public int featureCount() {
        return columns.size();
    }

    /** @return k, the number of grades */
    public int grades() {
        return GRADES.size();
    }

    /** @return the row-major [F, HEADS] weight matrix of the five linear heads */
    public float[] headMatrix() {
        float[] matrix = new float[columns.size() * HEADS];
        for (int j = 0; j < columns.size(); j++) {
            System.arraycopy(columns.get(j).heads(), 0, matrix, j * HEADS, HEADS);
        }
        return matrix;
    }

    /** @return grade logit i = rel * gradeSlope[i] + gradeBias[i]: more relevance, higher grades */
    public float[] gradeSlope() {
        return GRADE_SLOPE.clone();
    }

    /** @return the grade logit biases (the middle grades get a little mass of their own) */
    public float[] gradeBias() {
        return GRADE_BIAS.clone();
    }

    /** @return c_i = sigmoid(clickBias[i] + shift), increasing in i */
    public float[] clickBias() {
        return CLICK_BIAS.clone();
    }

    /** @return the weights of P(grade = i) in the lenient users' item preference (substitutes, complements) */
    public float[] otherGradeWeights() {
        return OTHER_GRADE_WEIGHTS.clone();
    }

    private static Column col(FeatureBuilder spec, int head, float weight) {
        float[] heads = new float[HEADS];
        heads[head] = weight;
        return new Column(spec.build(), heads);
    }

    private static FeatureBuilder spec(String name, FeatureSource source) {
        return new FeatureBuilder(name, source);
    }

    /** Fills a {@link FeatureSpec}'s twelve components by name, so the schema above stays readable. */
    private static final class FeatureBuilder {
        private final String name;
        private final FeatureSource source;
        private String stat, match, field, key, equalsValue, transform;
        private Integer grade;
        private Double missing, mean, std;

        FeatureBuilder(String name, FeatureSource source) {
            this.name = name;
            this.source = source;
        }

        FeatureBuilder stat(String value) { stat = value; return this; }
        FeatureBuilder match(String value) { match = value; return this; }
        FeatureBuilder field(String value) { field = value; return this; }
        FeatureBuilder key(String value) { key = value; return this; }
        FeatureBuilder equalsValue(String value) { equalsValue = value; return this; }
        FeatureBuilder transform(String value) { transform = value; return this; }
        FeatureBuilder grade(int value) { grade = value; return this; }
        FeatureBuilder missing(double value) { missing = value; return this; }
        FeatureBuilder standardise(double m, double s) { mean = m; std = s; return this; }

        FeatureSpec build() {
            return new FeatureSpec(name, source, stat, match, field, key, equalsValue, grade, transform, missing, mean, std);
        }
    }
}
