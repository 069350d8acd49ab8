package org.prectr.opensearch.personal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexAbstraction;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.MappingMetadata;
import org.prectr.opensearch.PrectrSettings;

/**
 * Checks that the indexes the history settings name are shaped as UBI writes them, so that a
 * misconfigured index is a 400 naming the setting, the index, the field and its mapping rather than a
 * silently empty history: the lookup filters on {@code client_id} and {@code action_name} (keyword)
 * and on {@code timestamp} (date). An index that does not exist is not checked (an anonymous user).
 * Results are kept per index and mapping version, so a request pays one map lookup.
 */
final class UbiShape {

    private static final Set<String> KEYWORD = Set.of("keyword", "constant_keyword");
    private static final Set<String> DATE = Set.of("date", "date_nanos");
    private static final int MAX_REMEMBERED = 256;

    /** index uuid and mapping version -> null when shaped, else the problem */
    private final Map<String, String> checked = new ConcurrentHashMap<>();

    /**
     * @param state the cluster state
     * @param searchedIndex the index whose settings name the UBI indexes
     * @param settings its history settings
     * @throws IllegalArgumentException (400) naming the setting, the index and the field
     */
    void check(ClusterState state, String searchedIndex, HistorySettings settings) {
        check(state, searchedIndex, PrectrSettings.HISTORY_EVENTS_INDEX.getKey(), settings.eventsIndex(), true);
        check(state, searchedIndex, PrectrSettings.HISTORY_QUERIES_INDEX.getKey(), settings.queriesIndex(), false);
    }

    private void check(ClusterState state, String searchedIndex, String setting, String name, boolean events) {
        IndexAbstraction target = state.metadata().getIndicesLookup().get(name);
        if (target == null) {
            return;
        }
        for (IndexMetadata index : target.getIndices()) {
            String key = index.getIndexUUID() + "/" + index.getMappingVersion() + "/" + events;
            String problem = checked.get(key);
            if (problem == null && checked.containsKey(key) == false) {
                problem = problem(index.mapping(), events);
                if (checked.size() > MAX_REMEMBERED) {
                    checked.clear();
                }
                checked.put(key, problem == null ? "" : problem);
            }
            if (problem != null && problem.isEmpty() == false) {
                throw new IllegalArgumentException("[prectr] [" + setting + "] of index [" + searchedIndex + "] names [" + name
                    + "], which is not shaped as User Behavior Insights writes it: " + problem);
            }
        }
    }

    /** @return null when the mapping fits, else what does not */
    static String problem(MappingMetadata mapping, boolean events) {
        Map<String, Object> root = mapping == null ? Map.of() : mapping.sourceAsMap();
        String problem = require(root, "client_id", KEYWORD);
        if (problem == null && events) {
            problem = require(root, "action_name", KEYWORD);
        }
        return problem != null ? problem : require(root, "timestamp", DATE);
    }

    private static String require(Map<String, Object> root, String field, Set<String> types) {
        String type = typeOf(root, List.of(field.split("\\.")));
        if (type == null) {
            return "[" + field + "] must be mapped as [" + String.join(" or ", types.stream().sorted().toList()) + "] but is not mapped";
        }
        if (types.contains(type) == false) {
            return "[" + field + "] must be mapped as [" + String.join(" or ", types.stream().sorted().toList()) + "] but is [" + type + "]";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static String typeOf(Map<String, Object> root, List<String> path) {
        Map<String, Object> node = root;
        for (String key : path) {
            Object properties = node.get("properties");
            if (properties instanceof Map<?, ?> == false) {
                return null;
            }
            Object child = ((Map<String, Object>) properties).get(key);
            if (child instanceof Map<?, ?> == false) {
                return null;
            }
            node = (Map<String, Object>) child;
        }
        Object type = node.get("type");
        return type == null ? "object" : type.toString();
    }
}
