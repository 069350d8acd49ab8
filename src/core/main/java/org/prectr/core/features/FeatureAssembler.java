package org.prectr.core.features;

import java.util.List;
import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.fusion.StableMath;

/**
 * Fills the scorer's {@code features} input, a row-major {@code float[rows * F]}, for one window in
 * schema order: each value is computed from {@link RequestFeatures} and the {@link CandidateWindow},
 * a missing value takes the feature's {@code missing} (default 0), then the {@code transform}
 * ({@code log1p} clamps negatives to 0) and the standardisation {@code (x - mean) / std} are applied.
 * The one implementation shared by the trainer and the rescorer. Stateless and thread-safe.
 */
public final class FeatureAssembler {

    private final FeatureSchema schema;
    private final MatchFeatures match;

    /**
     * @param schema the bundle's validated features
     */
    public FeatureAssembler(FeatureSchema schema) {
        this.schema = schema;
        this.match = new MatchFeatures();
    }

    /** @return the schema */
    public FeatureSchema schema() {
        return schema;
    }

    /**
     * @param request the request's features
     * @param window the window
     * @return row-major rows x F feature values
     * @throws IllegalArgumentException if the window lacks a document field the schema reads
     */
    public float[] assemble(RequestFeatures request, CandidateWindow window) {
        float[] out = new float[window.rows() * schema.size()];
        assemble(request, window, out);
        return out;
    }

    /**
     * @param request the request's features
     * @param window the window
     * @param out receives row-major rows x F values
     * @throws IllegalArgumentException if {@code out} has the wrong size or the window lacks a field
     */
    public void assemble(RequestFeatures request, CandidateWindow window, float[] out) {
        int rows = window.rows();
        int f = schema.size();
        if (out.length != rows * f) {
            throw new IllegalArgumentException("[features] must hold [" + rows + " x " + f + "] values but had ["
                + out.length + "]");
        }
        List<FeatureSpec> specs = schema.specs();
        MatchFeatures.ItemMatch[] itemMatches = itemMatches(request, window);
        float maxScore = window.topScore();
        for (int j = 0; j < f; j++) {
            FeatureSpec spec = specs.get(j);
            switch (spec.source()) {
                case FIRST_PASS -> {
                    for (int r = 0; r < rows; r++) {
                        out[r * f + j] = finish(spec, firstPass(spec.stat(), window.firstPassScore(r), maxScore, r));
                    }
                }
                case MATCH -> fillMatch(spec, request, window, itemMatches, out, j);
                case DOC_NUMERIC -> {
                    double[] column = window.numeric(spec.field());
                    if (column == null) {
                        throw missingField("numeric", spec.field(), window.numericFieldNames());
                    }
                    for (int r = 0; r < rows; r++) {
                        out[r * f + j] = finish(spec, column[r]);
                    }
                }
                case DOC_KEYWORD -> {
                    String[] column = window.keyword(spec.field());
                    if (column == null) {
                        throw missingField("keyword", spec.field(), window.keywordFieldNames());
                    }
                    for (int r = 0; r < rows; r++) {
                        out[r * f + j] = finish(spec, spec.equalsValue().equals(column[r]) ? 1 : 0);
                    }
                }
                default -> {
                    float value = finish(spec, requestValue(spec, request));
                    for (int r = 0; r < rows; r++) {
                        out[r * f + j] = value;
                    }
                }
            }
        }
    }

    /** All match values of each row in one pass over its text; null when no feature reads them. */
    private MatchFeatures.ItemMatch[] itemMatches(RequestFeatures request, CandidateWindow window) {
        boolean needed = false;
        for (FeatureSpec spec : schema.specs()) {
            needed |= spec.source() == FeatureSource.MATCH && "field_in_query".equals(spec.match()) == false;
        }
        if (needed == false) {
            return null;
        }
        MatchFeatures.ItemMatch[] matches = new MatchFeatures.ItemMatch[window.rows()];
        for (int r = 0; r < matches.length; r++) {
            String[] keywords = window.itemKeywords(r);
            matches[r] = keywords != null ? match.match(request.queryWords(), keywords)
                : match.match(request.queryWords(), window.itemText(r));
        }
        return matches;
    }

    private void fillMatch(FeatureSpec spec, RequestFeatures request, CandidateWindow window,
                           MatchFeatures.ItemMatch[] items, float[] out, int j) {
        int f = schema.size();
        MatchFeatures.Words query = request.queryWords();
        String[] fieldColumn = null;
        if ("field_in_query".equals(spec.match())) {
            fieldColumn = window.keyword(spec.field());
            if (fieldColumn == null) {
                throw missingField("keyword", spec.field(), window.keywordFieldNames());
            }
        }
        // brands and colours repeat within a window: match each distinct value once
        java.util.Map<String, Double> fieldValues = fieldColumn == null ? null : new java.util.HashMap<>();
        for (int r = 0; r < window.rows(); r++) {
            double value = switch (spec.match()) {
                case "query_coverage" -> items[r].queryCoverage();
                case "jaccard" -> items[r].jaccard();
                case "negation_violation" -> items[r].negationViolation();
                case "field_in_query" -> fieldColumn[r] == null ? 0.0
                    : fieldValues.computeIfAbsent(fieldColumn[r], v -> match.fieldInQuery(query, v));
                default -> throw new IllegalStateException("unknown match [" + spec.match() + "]");
            };
            out[r * f + j] = finish(spec, value);
        }
    }

    private static double firstPass(String stat, float score, float maxScore, int row) {
        return switch (stat) {
            case "score" -> score;
            case "score_ratio" -> maxScore > 0 ? score / maxScore : 0;
            case "log_rank" -> Math.log1p(row);
            default -> throw new IllegalStateException("unknown first_pass stat [" + stat + "]");
        };
    }

    /** Values that are the same for every row; NaN means missing. */
    private static double requestValue(FeatureSpec spec, RequestFeatures request) {
        return switch (spec.source()) {
            case USER_NUMERIC -> userNumber(request.user().features().get(spec.key()));
            case USER_KEYWORD -> {
                Object value = request.user().features().get(spec.key());
                yield value != null && spec.equalsValue().equals(String.valueOf(value)) ? 1 : 0;
            }
            case USER_HISTORY -> switch (spec.stat()) {
                case "length" -> Math.log1p(request.historyUsed());
                case "click_rate" -> request.historyClickRate();
                case "max_similarity" -> request.historyMaxSimilarity();
                default -> throw new IllegalStateException("unknown user_history stat [" + spec.stat() + "]");
            };
            case USER_PREFERENCE -> request.userPreference()[spec.grade()];
            case QUERY_PREFERENCE -> spec.grade() == null
                ? request.queryPreference().support() : request.queryPreference().histogram()[spec.grade()];
            default -> throw new IllegalStateException("not a request feature [" + spec.source().jsonName() + "]");
        };
    }

    /** Numbers as they are, booleans as 1/0, numeric strings parsed; anything else is missing. */
    private static double userNumber(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /**
     * Applies missing, transform and standardisation.
     *
     * @param spec the feature
     * @param value the raw value, NaN when missing
     * @return the value fed to the scorer
     */
    static float finish(FeatureSpec spec, double value) {
        double x = Double.isNaN(value) ? (spec.missing() == null ? 0 : spec.missing()) : value;
        if ("log1p".equals(spec.transform())) {
            x = StableMath.log1pNonNegative(x);
        }
        if (spec.mean() != null) {
            x = (x - spec.mean()) / spec.std();
        }
        return (float) x;
    }

    private static IllegalArgumentException missingField(String kind, String field, java.util.Set<String> held) {
        return new IllegalArgumentException("[window] must hold the " + kind + " field [" + field
            + "] but holds only " + new java.util.TreeSet<>(held));
    }
}
