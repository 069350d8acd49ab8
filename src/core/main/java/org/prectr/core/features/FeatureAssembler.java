package org.prectr.core.features;


/**
 * Fills the scorer's {@code features} input, a row-major {@code float[rows * F]}, for one window in
 * schema order: each value is computed from {@link RequestFeatures} and the {@link CandidateWindow},
 * a missing value takes the feature's {@code missing} (default 0), then the {@code transform}
 * ({@code log1p} clamps negatives to 0) and the standardisation {@code (x - mean) / std} are applied.
 * The one implementation shared by the trainer and the rescorer; it walks the schema's compiled
 * {@link FeaturePlan} (typed, primitive), never the specs' strings. Stateless and thread-safe.
 */
public final class FeatureAssembler {

    private final FeatureSchema schema;
    private final FeaturePlan plan;
    private final MatchFeatures match;

    /**
     * @param schema the bundle's validated features
     */
    public FeatureAssembler(FeatureSchema schema) {
        this.schema = schema;
        this.plan = schema.plan();
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
        int f = plan.size();
        if (out.length != rows * f) {
            throw new IllegalArgumentException("[features] must hold [" + rows + " x " + f + "] values but had ["
                + out.length + "]");
        }
        MatchFeatures.ItemMatch[] itemMatches = plan.readsItemWords() ? itemMatches(request, window) : null;
        float maxScore = window.topScore();
        for (int j = 0; j < f; j++) {
            switch (plan.source(j)) {
                case FIRST_PASS -> {
                    FirstPassStat stat = plan.firstPass(j);
                    for (int r = 0; r < rows; r++) {
                        out[r * f + j] = plan.finish(j, stat.value(window.firstPassScore(r), maxScore, r));
                    }
                }
                case MATCH -> fillMatch(j, request, window, itemMatches, out);
                case DOC_NUMERIC -> {
                    double[] column = window.numeric(plan.field(j));
                    if (column == null) {
                        throw missingField("numeric", plan.field(j), window.numericFieldNames());
                    }
                    for (int r = 0; r < rows; r++) {
                        out[r * f + j] = plan.finish(j, column[r]);
                    }
                }
                case DOC_KEYWORD -> {
                    String[] column = window.keyword(plan.field(j));
                    if (column == null) {
                        throw missingField("keyword", plan.field(j), window.keywordFieldNames());
                    }
                    String equalsValue = plan.equalsValue(j);
                    float yes = plan.finish(j, 1);
                    float no = plan.finish(j, 0);
                    for (int r = 0; r < rows; r++) {
                        out[r * f + j] = equalsValue.equals(column[r]) ? yes : no;
                    }
                }
                case HISTORY_MATCH -> {
                    String[] column = window.keyword(plan.field(j));
                    if (column == null) {
                        throw missingField("keyword", plan.field(j), window.keywordFieldNames());
                    }
                    java.util.Set<String> clicked = request.historyFieldValues(plan.field(j));
                    float yes = plan.finish(j, 1);
                    float no = plan.finish(j, 0);
                    // brands repeat within a window: normalise and look up each distinct value once
                    java.util.Map<String, Float> byValue = clicked.isEmpty() ? null : new java.util.HashMap<>();
                    for (int r = 0; r < rows; r++) {
                        String value = column[r];
                        out[r * f + j] = value == null || byValue == null ? no
                            : byValue.computeIfAbsent(value, v -> clicked.contains(HistoryEntry.fieldValue(v)) ? yes : no);
                    }
                }
                default -> {
                    float value = plan.finish(j, requestValue(j, request));
                    for (int r = 0; r < rows; r++) {
                        out[r * f + j] = value;
                    }
                }
            }
        }
    }

    /** All match values of each row in one pass over its words (given by the engine, else stored keywords, else its text). */
    private MatchFeatures.ItemMatch[] itemMatches(RequestFeatures request, CandidateWindow window) {
        MatchFeatures.ItemMatch[] matches = new MatchFeatures.ItemMatch[window.rows()];
        for (int r = 0; r < matches.length; r++) {
            MatchFeatures.ItemMatch given = window.itemMatch(r);
            if (given != null) {
                matches[r] = given;
                continue;
            }
            String[] keywords = window.itemKeywords(r);
            matches[r] = keywords != null ? match.match(request.queryWords(), keywords)
                : match.match(request.queryWords(), window.itemText(r));
        }
        return matches;
    }

    private void fillMatch(int j, RequestFeatures request, CandidateWindow window, MatchFeatures.ItemMatch[] items, float[] out) {
        int f = plan.size();
        int rows = window.rows();
        MatchKind kind = plan.match(j);
        if (kind.readsItemWords()) {
            for (int r = 0; r < rows; r++) {
                out[r * f + j] = plan.finish(j, kind.of(items[r]));
            }
            return;
        }
        String[] column = window.keyword(plan.field(j));
        if (column == null) {
            throw missingField("keyword", plan.field(j), window.keywordFieldNames());
        }
        // brands and colours repeat within a window: match each distinct value once
        MatchFeatures.Words query = request.queryWords();
        java.util.Map<String, Float> byValue = new java.util.HashMap<>();
        float absent = plan.finish(j, 0.0);
        for (int r = 0; r < rows; r++) {
            String value = column[r];
            out[r * f + j] = value == null ? absent
                : byValue.computeIfAbsent(value, v -> plan.finish(j, match.fieldInQuery(query, v)));
        }
    }

    /** Values that are the same for every row; NaN means missing. */
    private double requestValue(int j, RequestFeatures request) {
        return switch (plan.source(j)) {
            case USER_NUMERIC -> userNumber(request.user().features().get(plan.key(j)));
            case USER_KEYWORD -> {
                Object value = request.user().features().get(plan.key(j));
                yield value != null && plan.equalsValue(j).equals(String.valueOf(value)) ? 1 : 0;
            }
            case USER_HISTORY -> plan.history(j).value(request);
            case USER_PREFERENCE -> request.userPreference()[plan.grade(j)];
            case QUERY_PREFERENCE -> plan.grade(j) < 0
                ? request.queryPreference().support() : request.queryPreference().histogram()[plan.grade(j)];
            default -> throw new IllegalStateException("not a request feature [" + plan.source(j).jsonName() + "]");
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

    private static IllegalArgumentException missingField(String kind, String field, java.util.Set<String> held) {
        return new IllegalArgumentException("[window] must hold the " + kind + " field [" + field
            + "] but holds only " + new java.util.TreeSet<>(held));
    }
}
