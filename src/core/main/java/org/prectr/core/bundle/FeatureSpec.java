package org.prectr.core.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.prectr.core.features.FeatureSource;

/**
 * One entry of the manifest's ordered {@code features} list: column j of the scorer's {@code features}
 * input. Which keys are required depends on the source (see docs/bundle.md); {@code FeatureSchema}
 * checks them. Absent keys are null.
 *
 * @param name unique feature name
 * @param source where the value comes from
 * @param stat for first_pass, user_history and query_preference (support)
 * @param match for match: query_coverage, jaccard, negation_violation or field_in_query
 * @param field a logical document field (doc_numeric, doc_keyword, match field_in_query)
 * @param key a {@code user.features} key (user_numeric, user_keyword)
 * @param equalsValue the value compared with (doc_keyword, user_keyword); JSON {@code equals}
 * @param grade the grade index (user_preference, query_preference)
 * @param transform {@code identity} (default) or {@code log1p}
 * @param missing the value used when the input is missing (default 0), before the transform
 * @param mean standardisation mean (with std)
 * @param std standardisation std (with mean), > 0
 */
public record FeatureSpec(String name, FeatureSource source, String stat, String match, String field,
                          String key, @JsonProperty("equals") String equalsValue, Integer grade,
                          String transform, Double missing, Double mean, Double std) {

    /**
     * A feature with only a name, a source and the one key most sources need; the other keys null.
     *
     * @param name unique feature name
     * @param source where the value comes from
     * @return a spec with every optional key null
     */
    public static FeatureSpec of(String name, FeatureSource source) {
        return new FeatureSpec(name, source, null, null, null, null, null, null, null, null, null, null);
    }
}
