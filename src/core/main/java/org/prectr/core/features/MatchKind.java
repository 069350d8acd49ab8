package org.prectr.core.features;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code match} of a {@code match} feature. The first three read the item's words (one pass per
 * row gives all three, {@link MatchFeatures.ItemMatch}); {@code field_in_query} reads a keyword field.
 */
public enum MatchKind {
    /** Share of the query's words found in the item. */
    QUERY_COVERAGE {
        @Override
        public double of(MatchFeatures.ItemMatch item) {
            return item.queryCoverage();
        }
    },
    /** Jaccard similarity of the query's and the item's word sets. */
    JACCARD {
        @Override
        public double of(MatchFeatures.ItemMatch item) {
            return item.jaccard();
        }
    },
    /** The item has a word the query negates ("without sugar"). */
    NEGATION_VIOLATION {
        @Override
        public double of(MatchFeatures.ItemMatch item) {
            return item.negationViolation();
        }
    },
    /** The keyword field's value occurs in the query; read per distinct value, not from the item's words. */
    FIELD_IN_QUERY {
        @Override
        public double of(MatchFeatures.ItemMatch item) {
            throw new IllegalStateException("field_in_query is computed from the field value, not the item words");
        }
    };

    /**
     * @param item the row's match of query and item words
     * @return the feature's raw value
     */
    public abstract double of(MatchFeatures.ItemMatch item);

    /** @return whether the value comes from the item's words (all but {@code field_in_query}) */
    public boolean readsItemWords() {
        return this != FIELD_IN_QUERY;
    }

    /** @return the name used in manifest.json */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a manifest {@code match}
     * @return the kind
     * @throws IllegalArgumentException for an unknown name
     */
    public static MatchKind of(String name) {
        for (MatchKind m : values()) {
            if (m.jsonName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown match [" + name + "]");
    }

    /** @return every JSON name, in declaration order */
    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(MatchKind::jsonName).toList();
    }
}
