package org.prectr.core.features;

import java.util.List;
import org.prectr.core.bundle.FeatureSpec;

/**
 * A {@link FeatureSchema} compiled once, when the bundle (or the trainer's schema) is loaded, into what
 * the per-cell loop of {@link FeatureAssembler} needs: per column its source, a typed statistic or
 * match kind (enums that compute the value), its field, key, equals value or grade, and the missing
 * value, transform and standardisation as primitives. Nothing is looked up by string or unboxed per
 * cell. Immutable.
 *
 * <p>A column without {@code mean}/{@code std} gets mean 0 and std 1: {@code (x - 0.0) / 1.0} is
 * exactly {@code x} in IEEE arithmetic, so values are bit-identical to skipping the step.
 */
public final class FeaturePlan {

    private final int size;
    private final FeatureSource[] sources;
    private final FirstPassStat[] firstPass;
    private final MatchKind[] match;
    private final HistoryStat[] history;
    private final String[] field;
    private final String[] key;
    private final String[] equalsValue;
    /** The grade index, or -1 for {@code query_preference} support. */
    private final int[] grade;
    private final FeatureTransform[] transform;
    private final double[] missing;
    private final double[] mean;
    private final double[] std;
    private final boolean readsItemWords;

    private FeaturePlan(List<FeatureSpec> specs) {
        size = specs.size();
        sources = new FeatureSource[size];
        firstPass = new FirstPassStat[size];
        match = new MatchKind[size];
        history = new HistoryStat[size];
        field = new String[size];
        key = new String[size];
        equalsValue = new String[size];
        grade = new int[size];
        transform = new FeatureTransform[size];
        missing = new double[size];
        mean = new double[size];
        std = new double[size];
        boolean words = false;
        for (int j = 0; j < size; j++) {
            FeatureSpec spec = specs.get(j);
            sources[j] = spec.source();
            switch (spec.source()) {
                case FIRST_PASS -> firstPass[j] = FirstPassStat.of(spec.stat());
                case MATCH -> {
                    match[j] = MatchKind.of(spec.match());
                    words |= match[j].readsItemWords();
                }
                case USER_HISTORY -> history[j] = HistoryStat.of(spec.stat());
                default -> { }
            }
            field[j] = spec.field();
            key[j] = spec.key();
            equalsValue[j] = spec.equalsValue();
            grade[j] = spec.grade() == null ? -1 : spec.grade();
            transform[j] = FeatureTransform.of(spec.transform());
            missing[j] = spec.missing() == null ? 0 : spec.missing();
            mean[j] = spec.mean() == null ? 0 : spec.mean();
            std[j] = spec.std() == null ? 1 : spec.std();
        }
        readsItemWords = words;
    }

    /**
     * @param specs validated features (see {@link FeatureSchema#of})
     * @return the compiled plan
     */
    static FeaturePlan compile(List<FeatureSpec> specs) {
        return new FeaturePlan(specs);
    }

    /** @return F, the number of columns */
    public int size() {
        return size;
    }

    /** @return whether any column needs the item's words (a match other than field_in_query) */
    public boolean readsItemWords() {
        return readsItemWords;
    }

    FeatureSource source(int j) {
        return sources[j];
    }

    FirstPassStat firstPass(int j) {
        return firstPass[j];
    }

    MatchKind match(int j) {
        return match[j];
    }

    HistoryStat history(int j) {
        return history[j];
    }

    String field(int j) {
        return field[j];
    }

    String key(int j) {
        return key[j];
    }

    String equalsValue(int j) {
        return equalsValue[j];
    }

    /** @return the grade index, or -1 when the column has none (query_preference support) */
    int grade(int j) {
        return grade[j];
    }

    /**
     * Applies missing, transform and standardisation, in double precision, then rounds to float.
     *
     * @param j the column
     * @param value the raw value, NaN when missing
     * @return the value fed to the scorer
     */
    public float finish(int j, double value) {
        double x = Double.isNaN(value) ? missing[j] : value;
        x = transform[j].apply(x);
        return (float) ((x - mean[j]) / std[j]);
    }
}
