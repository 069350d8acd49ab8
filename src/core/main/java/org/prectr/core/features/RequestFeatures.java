package org.prectr.core.features;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.prectr.core.fusion.StableMath;

/**
 * Everything about a request that the features need and that is the same for every hit of the window,
 * computed once per request: the query's words, the user, the history statistics, r_u(q) and r_cate(q).
 *
 * @param queryText the query text
 * @param queryWords the query's normalised words (for the match features)
 * @param user the user (features are read by user_numeric and user_keyword)
 * @param historyUsed the number of history entries used (the last {@code max_history})
 * @param historyClickRate the share of them clicked (0 without history)
 * @param historyMaxSimilarity the highest cosine between the query and a used history query (0 without history)
 * @param userPreference r_u(q), k values
 * @param queryPreference r_cate(q) and its support
 * @param historyFieldValues per keyword field, the values ({@link HistoryEntry#fieldValue}) of the items the user
 *     clicked among the used history entries (what {@code history_match} features look up)
 */
public record RequestFeatures(String queryText, MatchFeatures.Words queryWords, UserContext user, int historyUsed,
                              double historyClickRate, double historyMaxSimilarity, float[] userPreference,
                              QueryPreference queryPreference, Map<String, Set<String>> historyFieldValues) {

    public RequestFeatures {
        historyFieldValues = historyFieldValues == null ? Map.of() : Map.copyOf(historyFieldValues);
    }

    /** A request whose history items' fields are unknown (no {@code history_match} value is 1). */
    public RequestFeatures(String queryText, MatchFeatures.Words queryWords, UserContext user, int historyUsed,
                           double historyClickRate, double historyMaxSimilarity, float[] userPreference,
                           QueryPreference queryPreference) {
        this(queryText, queryWords, user, historyUsed, historyClickRate, historyMaxSimilarity, userPreference, queryPreference,
            Map.of());
    }

    /**
     * @param field a logical keyword field
     * @return the values of that field among the clicked used history items (empty when none)
     */
    public Set<String> historyFieldValues(String field) {
        return historyFieldValues.getOrDefault(field, Set.of());
    }

    /**
     * @param used the used history entries
     * @return per field, the comparable values of the clicked entries' item fields
     */
    public static Map<String, Set<String>> clickedFieldValues(List<HistoryEntry> used) {
        Map<String, Set<String>> values = new java.util.HashMap<>();
        for (HistoryEntry e : used) {
            if (!e.clicked()) {
                continue;
            }
            e.itemFields().forEach((field, value) -> {
                String v = HistoryEntry.fieldValue(value);
                if (v != null) {
                    values.computeIfAbsent(field, x -> new java.util.HashSet<>()).add(v);
                }
            });
        }
        Map<String, Set<String>> frozen = new java.util.HashMap<>();
        values.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return frozen;
    }

    /**
     * Computes the request's features from the embeddings (passed in, so the trainer can use it without ONNX).
     *
     * @param queryText the query text
     * @param user the user
     * @param queryEmbedding E(q), length D
     * @param historyEmbeddings E(q_j) of {@code histogram.usedEntries(user.history())}, row-major
     * @param histogram the bundle's r_u(q) settings
     * @param table the bundle's r_cate table, or null (V1 bundle: r_cate is all zeros)
     * @param match the match feature code
     * @return the request features
     */
    public static RequestFeatures compute(String queryText, UserContext user, float[] queryEmbedding,
                                          float[] historyEmbeddings, UserPreferenceHistogram histogram,
                                          QueryPreferenceTable table, MatchFeatures match) {
        List<HistoryEntry> used = histogram.usedEntries(user.history());
        float[] userPreference = histogram.compute(queryEmbedding, used, historyEmbeddings);
        int dim = queryEmbedding.length;
        int clicked = 0;
        double maxSimilarity = used.isEmpty() ? 0 : Double.NEGATIVE_INFINITY;
        for (int j = 0; j < used.size(); j++) {
            if (used.get(j).clicked()) {
                clicked++;
            }
            maxSimilarity = Math.max(maxSimilarity, StableMath.cosine(queryEmbedding, 0, historyEmbeddings, j * dim, dim));
        }
        double clickRate = used.isEmpty() ? 0 : (double) clicked / used.size();
        QueryPreference preference = table == null
            ? QueryPreference.none(histogram.grades()) : table.lookup(queryText, queryEmbedding);
        return new RequestFeatures(queryText, match.words(queryText), user, used.size(), clickRate, maxSimilarity,
            userPreference, preference, clickedFieldValues(used));
    }
}
