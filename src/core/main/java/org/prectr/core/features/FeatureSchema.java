package org.prectr.core.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.FeatureSpec;

/**
 * The validated, ordered list of scorer features of a bundle. Besides checking every feature's keys
 * against its source (docs/bundle.md), it tells an engine which logical document fields to read for a
 * window: numeric fields (doc values), keyword fields (doc values, booleans as {@code true}/{@code false})
 * and text fields (the item text for the encoder and the match features).
 */
public final class FeatureSchema {

    /** {@code first_pass} statistics. */
    public static final List<String> FIRST_PASS_STATS = FirstPassStat.jsonNames();
    /** {@code match} kinds. */
    public static final List<String> MATCHES = MatchKind.jsonNames();
    /** {@code user_history} statistics. */
    public static final List<String> HISTORY_STATS = HistoryStat.jsonNames();
    /** The {@code query_preference} statistic. */
    public static final String SUPPORT = "support";
    /** Transforms. */
    public static final List<String> TRANSFORMS = FeatureTransform.jsonNames();

    private final List<FeatureSpec> specs;
    private final int grades;
    private final List<String> textFields;
    private final List<String> numericFields;
    private final List<String> keywordFields;
    private final List<String> historyFields;
    private final FeaturePlan plan;

    private FeatureSchema(List<FeatureSpec> specs, int grades, List<String> textFields) {
        this.specs = Collections.unmodifiableList(new ArrayList<>(specs));
        this.grades = grades;
        this.textFields = List.copyOf(textFields);
        Set<String> numeric = new LinkedHashSet<>();
        Set<String> keyword = new LinkedHashSet<>();
        Set<String> history = new LinkedHashSet<>();
        for (FeatureSpec spec : specs) {
            if (spec.source() == FeatureSource.HISTORY_MATCH) {
                history.add(spec.field());
            }
            switch (spec.source()) {
                case DOC_NUMERIC -> numeric.add(spec.field());
                case DOC_KEYWORD, HISTORY_MATCH -> keyword.add(spec.field());
                case MATCH -> {
                    if (spec.field() != null) {
                        keyword.add(spec.field());
                    }
                }
                default -> { }
            }
        }
        this.numericFields = List.copyOf(numeric);
        this.keywordFields = List.copyOf(keyword);
        this.historyFields = List.copyOf(history);
        this.plan = FeaturePlan.compile(this.specs);
    }

    /**
     * @param manifest a manifest
     * @return the schema of its features
     * @throws IllegalArgumentException naming the first bad feature key, e.g.
     *     {@code features[3].std: expected [> 0] but found [0.0]}
     */
    public static FeatureSchema of(BundleManifest manifest) {
        return of(manifest.features(), manifest.gradeCount(), manifest.itemTextFields());
    }

    /**
     * @param specs the features in column order
     * @param grades k, the number of relevance grades
     * @param itemTextFields the document fields joined into the item text
     * @return the validated schema
     * @throws IllegalArgumentException naming the first bad feature key
     */
    public static FeatureSchema of(List<FeatureSpec> specs, int grades, List<String> itemTextFields) {
        Objects.requireNonNull(specs, "specs");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            FeatureSpec spec = specs.get(i);
            String at = "features[" + i + "]";
            if (spec == null) {
                throw bad(at, "a feature", null);
            }
            if (spec.name() == null || spec.name().isBlank()) {
                throw bad(at + ".name", "a non-blank name", spec.name());
            }
            if (names.add(spec.name()) == false) {
                throw bad(at + ".name", "a unique name", spec.name());
            }
            if (spec.source() == null) {
                throw bad(at + ".source", "one of " + String.join(", ", FeatureSource.jsonNames()), null);
            }
            checkKeys(spec, at, grades);
            if (spec.transform() != null && TRANSFORMS.contains(spec.transform()) == false) {
                throw bad(at + ".transform", "one of " + String.join(", ", TRANSFORMS), spec.transform());
            }
            if ((spec.mean() == null) != (spec.std() == null)) {
                throw bad(at + (spec.mean() == null ? ".mean" : ".std"), "a number, since "
                    + (spec.mean() == null ? "std" : "mean") + " is given", null);
            }
            if (spec.std() != null && (spec.std() > 0 && Double.isFinite(spec.std())) == false) {
                throw bad(at + ".std", "> 0", spec.std());
            }
            if (spec.mean() != null && Double.isFinite(spec.mean()) == false) {
                throw bad(at + ".mean", "a finite number", spec.mean());
            }
            if (spec.missing() != null && Double.isFinite(spec.missing()) == false) {
                throw bad(at + ".missing", "a finite number", spec.missing());
            }
        }
        return new FeatureSchema(specs, grades, itemTextFields == null ? List.of() : itemTextFields);
    }

    private static void checkKeys(FeatureSpec spec, String at, int grades) {
        switch (spec.source()) {
            case FIRST_PASS -> {
                oneOf(at + ".stat", FIRST_PASS_STATS, spec.stat());
                absent(spec, at, "match", "field", "key", "equals", "grade");
            }
            case MATCH -> {
                oneOf(at + ".match", MATCHES, spec.match());
                if (MatchKind.FIELD_IN_QUERY.jsonName().equals(spec.match())) {
                    present(at + ".field", spec.field());
                    absent(spec, at, "stat", "key", "equals", "grade");
                } else {
                    absent(spec, at, "stat", "field", "key", "equals", "grade");
                }
            }
            case DOC_NUMERIC -> {
                present(at + ".field", spec.field());
                absent(spec, at, "stat", "match", "key", "equals", "grade");
            }
            case DOC_KEYWORD -> {
                present(at + ".field", spec.field());
                present(at + ".equals", spec.equalsValue());
                absent(spec, at, "stat", "match", "key", "grade");
            }
            case USER_NUMERIC -> {
                present(at + ".key", spec.key());
                absent(spec, at, "stat", "match", "field", "equals", "grade");
            }
            case USER_KEYWORD -> {
                present(at + ".key", spec.key());
                present(at + ".equals", spec.equalsValue());
                absent(spec, at, "stat", "match", "field", "grade");
            }
            case USER_HISTORY -> {
                oneOf(at + ".stat", HISTORY_STATS, spec.stat());
                absent(spec, at, "match", "field", "key", "equals", "grade");
            }
            case HISTORY_MATCH -> {
                present(at + ".field", spec.field());
                absent(spec, at, "stat", "match", "key", "equals", "grade");
            }
            case USER_PREFERENCE -> {
                grade(at, spec.grade(), grades);
                absent(spec, at, "stat", "match", "field", "key", "equals");
            }
            case QUERY_PREFERENCE -> {
                if (spec.stat() != null) {
                    oneOf(at + ".stat", List.of(SUPPORT), spec.stat());
                    absent(spec, at, "match", "field", "key", "equals", "grade");
                } else {
                    grade(at, spec.grade(), grades);
                    absent(spec, at, "match", "field", "key", "equals");
                }
            }
        }
    }

    private static void grade(String at, Integer grade, int grades) {
        if (grade == null || grade < 0 || grade >= grades) {
            throw bad(at + ".grade", "an integer in [0, " + grades + ")", grade);
        }
    }

    private static void oneOf(String field, List<String> allowed, String value) {
        if (value == null || allowed.contains(value) == false) {
            throw bad(field, "one of " + String.join(", ", allowed), value);
        }
    }

    private static void present(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw bad(field, "a non-empty string", value);
        }
    }

    /** Keys a source does not read are refused, so that a misplaced key is not silently ignored. */
    private static void absent(FeatureSpec spec, String at, String... keys) {
        for (String key : keys) {
            Object value = switch (key) {
                case "stat" -> spec.stat();
                case "match" -> spec.match();
                case "field" -> spec.field();
                case "key" -> spec.key();
                case "equals" -> spec.equalsValue();
                case "grade" -> spec.grade();
                default -> throw new AssertionError(key);
            };
            if (value != null) {
                throw bad(at + "." + key, "no " + key + " for source " + spec.source().jsonName(), value);
            }
        }
    }

    private static IllegalArgumentException bad(String field, String expected, Object found) {
        return new IllegalArgumentException(field + ": expected [" + expected + "] but found [" + found + "]");
    }

    /** @return the features in column order */
    public List<FeatureSpec> specs() {
        return specs;
    }

    /** @return the features compiled once into typed, primitive columns (what the assembler walks) */
    public FeaturePlan plan() {
        return plan;
    }

    /** @return F, the number of features (columns) */
    public int size() {
        return specs.size();
    }

    /** @return k, the number of relevance grades */
    public int grades() {
        return grades;
    }

    /** @return the feature names in column order */
    public List<String> names() {
        return specs.stream().map(FeatureSpec::name).toList();
    }

    /** @return the logical document fields joined (with one space) into the item text */
    public List<String> textFields() {
        return textFields;
    }

    /** @return the logical numeric document fields the features read (doc values; NaN when missing) */
    public List<String> numericFields() {
        return numericFields;
    }

    /** @return the logical keyword document fields the features read (null when missing) */
    public List<String> keywordFields() {
        return keywordFields;
    }

    /**
     * @return the keyword fields that {@code history_match} features compare: a history entry's item must carry them
     *     ({@link HistoryEntry#itemFields()}), so a server reads them for every used clicked item (empty: none)
     */
    public List<String> historyFields() {
        return historyFields;
    }

    /**
     * @param source a source
     * @return whether any feature reads it
     */
    public boolean uses(FeatureSource source) {
        return specs.stream().anyMatch(s -> s.source() == source);
    }
}
