package org.prectr.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Human relevance grades of (query, product) pairs, read from a Search Relevance Workbench
 * {@code IMPORT_JUDGMENT} file: {@code {"judgmentRatings":[{"query":..,"ratings":[{"docId":..,"rating":..}]}]}}.
 * Queries keep the file's order; a product without a rating under a query is "ungraded" for it.
 *
 * @param name     the file's {@code name} (or its file name)
 * @param byQuery  query text to (product id to grade 0..3), in file order
 */
public record Judgments(String name, Map<String, Map<String, Integer>> byQuery) {

    public Judgments {
        byQuery = Collections.unmodifiableMap(new LinkedHashMap<>(byQuery));
    }

    /** Reads a judgments file; a malformed entry is reported with the query it belongs to. */
    public static Judgments load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode ratings = root.get("judgmentRatings");
        if (ratings == null || !ratings.isArray()) {
            throw new IllegalArgumentException("[judgmentRatings] must be an array in [" + file + "]");
        }
        Map<String, Map<String, Integer>> byQuery = new LinkedHashMap<>();
        for (JsonNode entry : ratings) {
            String query = entry.path("query").asText("");
            if (query.isBlank()) {
                throw new IllegalArgumentException("[judgmentRatings.query] must not be blank in [" + file + "]");
            }
            Map<String, Integer> grades = byQuery.computeIfAbsent(query, q -> new LinkedHashMap<>());
            for (JsonNode rating : entry.path("ratings")) {
                grades.put(rating.path("docId").asText(), EsciGrade.fromRating(rating.path("rating").asText()));
            }
        }
        for (Map.Entry<String, Map<String, Integer>> e : byQuery.entrySet()) {
            e.setValue(Collections.unmodifiableMap(e.getValue()));
        }
        String name = root.path("name").asText(file.getFileName().toString());
        return new Judgments(name, byQuery);
    }

    /** The queries in file order. */
    public List<String> queries() {
        return List.copyOf(byQuery.keySet());
    }

    /** The grade of a product under a query, or -1 when that pair is ungraded. */
    public int grade(String query, String productId) {
        Map<String, Integer> grades = byQuery.get(query);
        if (grades == null) return -1;
        return grades.getOrDefault(productId, -1);
    }

    /** The graded products of a query (empty when the query is unknown). */
    public Map<String, Integer> grades(String query) {
        return byQuery.getOrDefault(query, Map.of());
    }
}
