package org.prectr.core.rescore;

import org.prectr.core.text.TextBounds;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.prectr.core.bundle.BundleNames;

/**
 * Every bound of a {@code prectr} rescore request (docs/request.md), checked the same way by the
 * OpenSearch and the Elasticsearch plugin: each method throws an {@link IllegalArgumentException}
 * (HTTP 400) whose message names the field and brackets the bad value. Engine-neutral: the plugins
 * parse the JSON with their engine's parser and call these checks on the values.
 */
public final class RequestRules {

    /** Longest {@code query_text}. */
    public static final int MAX_QUERY_TEXT_LENGTH = 1000;
    /** Longest {@code user.id}. */
    public static final int MAX_ID_LENGTH = 256;
    /** Most {@code user.features} entries. */
    public static final int MAX_FEATURES = 64;
    /** Longest {@code user.features} key and string value (code points), as {@code user.id}. */
    public static final int MAX_FEATURE_LENGTH = TextBounds.MAX_SHORT_LENGTH;
    /** Longest {@code user.history[].item}. */
    public static final int MAX_ITEM_LENGTH = TextBounds.MAX_SHORT_LENGTH;
    /** Most {@code user.history} entries. */
    public static final int MAX_HISTORY = 100;
    /** Longest history query. */
    public static final int MAX_QUERY_LENGTH = 1000;

    private RequestRules() {}

    /**
     * @param model the request's {@code model}, or null
     * @throws IllegalArgumentException {@code [prectr] [model] must match ... but was [../x]}
     */
    public static void checkModel(String model) {
        if (model != null) {
            BundleNames.validate("prectr] [model", model);
        }
    }

    /**
     * @param queryText the request's {@code query_text}
     * @throws IllegalArgumentException when it is missing, blank or too long
     */
    public static void checkQueryText(String queryText) {
        if (queryText == null) {
            throw new IllegalArgumentException("[prectr] [query_text] is required");
        }
        // blank = no visible character (control characters and non-breaking spaces included); lengths in code points
        TextBounds.requireNotBlank("[prectr] [query_text]", queryText);
        TextBounds.requireMaxLength("[prectr] [query_text]", queryText, MAX_QUERY_TEXT_LENGTH);
    }

    /**
     * @param field the weight's name, e.g. {@code query_weight}
     * @param value its value
     * @throws IllegalArgumentException when it is NaN or infinite
     */
    public static void checkFinite(String field, float value) {
        if (Float.isFinite(value) == false) {
            throw new IllegalArgumentException("[prectr] [" + field + "] must be finite but was [" + value + "]");
        }
    }

    /**
     * @param id the request's {@code user.id}, or null
     * @throws IllegalArgumentException when it is too long
     */
    public static void checkUserId(String id) {
        if (id != null) {
            TextBounds.requireMaxLength("[prectr] [user.id]", id, MAX_ID_LENGTH);
        }
    }

    /**
     * Checks {@code user.features} and normalises it (integers to {@code Long}, decimals to
     * {@code Double}, keys sorted) so that wire and JSON forms round-trip to an equal value.
     *
     * @param features feature key to value, or null
     * @return the normalised, unmodifiable features
     * @throws IllegalArgumentException on too many entries or a value that is not a string, finite number or boolean
     */
    public static Map<String, Object> normaliseFeatures(Map<String, Object> features) {
        if (features == null) {
            return Map.of();
        }
        if (features.size() > MAX_FEATURES) {
            throw new IllegalArgumentException("[prectr] [user.features] must have at most [" + MAX_FEATURES
                + "] entries but had [" + features.size() + "]");
        }
        Map<String, Object> sorted = new TreeMap<>();
        features.forEach((key, value) -> sorted.put(key, normaliseValue(key, value)));
        return Collections.unmodifiableMap(sorted);
    }

    private static Object normaliseValue(String key, Object value) {
        TextBounds.requireMaxLength("[prectr] [user.features] key", key, MAX_FEATURE_LENGTH);
        if (value instanceof String text) {
            return TextBounds.requireMaxLength("[prectr] [user.features." + key + "]", text, MAX_FEATURE_LENGTH);
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if ((value instanceof Float || value instanceof Double) && Double.isFinite(((Number) value).doubleValue())) {
            return ((Number) value).doubleValue();
        }
        throw new IllegalArgumentException("[prectr] [user.features." + key
            + "] must be a string, a finite number or a boolean but was [" + value + "]");
    }

    /**
     * @param size the number of {@code user.history} entries
     * @throws IllegalArgumentException when there are too many
     */
    public static void checkHistorySize(int size) {
        if (size > MAX_HISTORY) {
            throw new IllegalArgumentException("[prectr] [user.history] must have at most [" + MAX_HISTORY
                + "] entries but had [" + size + "]");
        }
    }

    /**
     * @param index the entry's position in {@code user.history}
     * @param query the entry's query, or null (also for a null entry)
     * @param item the entry's item id, or null
     * @param grade the entry's grade, or null
     * @throws IllegalArgumentException when the query is missing, blank or too long, the item too long, or the grade negative
     */
    public static void checkHistoryEntry(int index, String query, String item, Integer grade) {
        String at = "[prectr] [user.history[" + index + "]";
        if (query == null) {
            throw new IllegalArgumentException(at + ".query] is required");
        }
        TextBounds.requireNotBlank(at + ".query]", query);
        TextBounds.requireMaxLength(at + ".query]", query, MAX_QUERY_LENGTH);
        if (item != null) {
            TextBounds.requireMaxLength(at + ".item]", item, MAX_ITEM_LENGTH);
        }
        if (grade != null && grade < 0) {
            throw new IllegalArgumentException(at + ".grade] must be >= 0 but was [" + grade + "]");
        }
    }

    /**
     * The bundle's k is known only on the shard, so the grade's upper bound is checked there.
     *
     * @param grades the history's grades in order (null entries: unknown grade)
     * @param gradeCount the bundle's number of grades
     * @throws IllegalArgumentException {@code [prectr] [user.history[3].grade] must be in [0, 4) but was [7]}
     */
    public static void checkHistoryGrades(List<Integer> grades, int gradeCount) {
        for (int i = 0; i < grades.size(); i++) {
            Integer grade = grades.get(i);
            if (grade != null && grade >= gradeCount) {
                throw new IllegalArgumentException("[prectr] [user.history[" + i + "].grade] must be in [0, " + gradeCount
                    + ") but was [" + grade + "]");
            }
        }
    }

    /**
     * @param windowSize the request's {@code window_size}
     * @param maxWindow the index's {@code index.prectr.max_window_size}
     * @param settingKey that setting's key
     * @param index the index name
     * @throws IllegalArgumentException when the window is larger than the index allows
     */
    public static void checkWindowSize(int windowSize, int maxWindow, String settingKey, String index) {
        if (windowSize > maxWindow) {
            throw new IllegalArgumentException("[prectr] [window_size] must be at most [" + maxWindow + "] (the setting ["
                + settingKey + "] of index [" + index + "]) but was [" + windowSize + "]");
        }
    }

    /**
     * @param requested the request's {@code model}, or null
     * @param indexDefault the index's {@code index.prectr.model} ({@code ""}: none)
     * @param settingKey that setting's key
     * @param index the index name
     * @return the bundle to serve
     * @throws IllegalArgumentException when neither names one
     */
    public static String resolveModel(String requested, String indexDefault, String settingKey, String index) {
        String model = requested != null ? requested : indexDefault;
        if (model.isEmpty()) {
            throw new IllegalArgumentException("[prectr] [model] must be given in the request or in the setting ["
                + settingKey + "] of index [" + index + "]");
        }
        return model;
    }

    /**
     * @param logical the bundle's document field
     * @param index the index name
     * @param field the index field it maps to
     * @return the 400 for an index that does not map the field
     */
    public static IllegalArgumentException unmappedField(String logical, String index, String field) {
        return new IllegalArgumentException("[prectr] the bundle reads the document field [" + logical + "], but index [" + index
            + "] does not map [" + field + "]; map it or set [index.prectr.fields." + logical + "]");
    }

    /**
     * @param logical the bundle's document field
     * @param index the index name
     * @param field the index field it maps to
     * @return the 400 for a field without doc values
     */
    public static IllegalArgumentException noDocValues(String logical, String index, String field) {
        return new IllegalArgumentException("[prectr] the bundle reads the document field [" + logical + "] from doc values, but ["
            + field + "] in index [" + index + "] has none");
    }

    /**
     * @param model the bundle name
     * @param logical the bundle's document field
     * @param index the index name
     * @param field the index field
     * @param type the index field's type
     * @return the 400 for a numeric feature read from a field that is not a number
     */
    public static IllegalArgumentException notNumeric(String model, String logical, String index, String field, String type) {
        return new IllegalArgumentException("[prectr] bundle [" + model + "] reads [" + logical
            + "] as a number, but index [" + index + "] maps [" + field + "] as [" + type + "]");
    }

    /**
     * Index-setting check for {@code index.prectr.text_field} and {@code index.prectr.fields.<name>}.
     *
     * @param key the setting's key
     * @param value its value
     * @throws IllegalArgumentException when the value is blank or holds whitespace
     */
    public static void requireFieldName(String key, String value) {
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("[" + key + "] must be a field name without whitespace but was [" + value + "]");
        }
    }
}
