package org.prectr.core.features;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a scorer feature's value comes from (the {@code source} of a manifest feature, see
 * docs/bundle.md). The JSON name is the lower-case constant name.
 */
public enum FeatureSource {
    /** The hit's first-phase score: {@code stat} score, score_ratio or log_rank. */
    @JsonProperty("first_pass") FIRST_PASS,
    /** Word-level matching of query and item text: {@code match} (+ {@code field}). */
    @JsonProperty("match") MATCH,
    /** A numeric document field: {@code field}, {@code transform}, {@code missing}. */
    @JsonProperty("doc_numeric") DOC_NUMERIC,
    /** 1 if a keyword document field equals {@code equals}: {@code field}, {@code equals}. */
    @JsonProperty("doc_keyword") DOC_KEYWORD,
    /** A numeric {@code user.features} value: {@code key}, {@code missing}. */
    @JsonProperty("user_numeric") USER_NUMERIC,
    /** 1 if a {@code user.features} value equals {@code equals}: {@code key}, {@code equals}. */
    @JsonProperty("user_keyword") USER_KEYWORD,
    /** A statistic of the request's history: {@code stat} length, click_rate or max_similarity. */
    @JsonProperty("user_history") USER_HISTORY,
    /**
     * 1 if an item the user clicked (a used history entry) has the hit's value of the keyword document field
     * {@code field} (the user's affinity, e.g. for a brand), else 0; values compare trimmed and lower-cased.
     */
    @JsonProperty("history_match") HISTORY_MATCH,
    /** r_u(q)[grade], the personal relevance preference: {@code grade}. */
    @JsonProperty("user_preference") USER_PREFERENCE,
    /** r_cate(q)[grade] ({@code grade}) or its support ({@code stat} support). */
    @JsonProperty("query_preference") QUERY_PREFERENCE;

    /** @return the name used in manifest.json, e.g. {@code first_pass} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return every JSON name, in declaration order */
    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(FeatureSource::jsonName).toList();
    }
}
