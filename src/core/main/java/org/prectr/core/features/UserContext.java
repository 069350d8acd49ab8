package org.prectr.core.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request's user: an id for explain and stats, feature values ({@code user.features}: strings,
 * numbers or booleans) and the chronological search history. Absent in a request means
 * {@link #anonymous()}.
 *
 * @param id the user id, or null
 * @param features feature key to value (String, Number or Boolean), never null
 * @param history oldest first, never null
 */
public record UserContext(String id, Map<String, Object> features, List<HistoryEntry> history) {

    private static final UserContext ANONYMOUS = new UserContext(null, Map.of(), List.of());

    /** Copies the collections and checks the feature value types. */
    public UserContext {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (features != null) {
            features.forEach((key, value) -> {
                if (value != null && (value instanceof String || value instanceof Number || value instanceof Boolean) == false) {
                    throw new IllegalArgumentException("[user.features." + key
                        + "] must be a string, number or boolean but was [" + value + "]");
                }
                copy.put(key, value);
            });
        }
        features = Collections.unmodifiableMap(copy);
        history = history == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(history));
    }

    /** @return a user with no id, no features and no history */
    public static UserContext anonymous() {
        return ANONYMOUS;
    }
}
