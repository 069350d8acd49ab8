package org.prectr.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.prectr.core.text.QueryText;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graded relevance judgments of (query, product) pairs in the Search Relevance Workbench
 * {@code IMPORT_JUDGMENT} format ({@code {"judgmentRatings":[{"query":..., "ratings":[{"docId":...,
 * "rating":"100.000"}]}]}}), with ESCI's ratings mapped to grades by {@link EsciGrade#fromRating}. The
 * one reader for training and evaluation (the dev split files are in the same format).
 *
 * <p>Queries are keyed by their {@link QueryText#normalise normal form} (entries whose queries normalise
 * alike are merged, in file order); every lookup normalises too, so any spacing or case finds them.
 *
 * @param name the file's {@code name} (or its file name)
 * @param byQuery grade (0..3) by document id, by normalised query, in file order
 */
public record Judgments(String name, Map<String, Map<String, Integer>> byQuery) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Judgments {
        Map<String, Map<String, Integer>> merged = new LinkedHashMap<>();
        byQuery.forEach((q, r) -> merged.computeIfAbsent(QueryText.normalise(q), k -> new LinkedHashMap<>()).putAll(r));
        merged.replaceAll((q, r) -> Collections.unmodifiableMap(r));
        byQuery = Collections.unmodifiableMap(merged);
    }

    /** @param byQuery grade by document id, by query (normalised here) */
    public Judgments(Map<String, Map<String, Integer>> byQuery) {
        this("judgments", byQuery);
    }

    /**
     * @param file a judgments file
     * @return the judgments
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the field, and the query and document, when an entry is malformed
     */
    public static Judgments read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode ratings = root == null ? null : root.get("judgmentRatings");
        if (ratings == null || !ratings.isArray()) {
            throw new IllegalArgumentException("[judgmentRatings] must be an array in [" + file + "]");
        }
        Map<String, Map<String, Integer>> byQuery = new LinkedHashMap<>();
        for (JsonNode entry : ratings) {
            String query = QueryText.normalise(entry.path("query").asText(""));
            if (query.isEmpty()) {
                throw new IllegalArgumentException("[judgmentRatings.query] must not be blank in [" + file + "]");
            }
            Map<String, Integer> grades = byQuery.computeIfAbsent(query, q -> new LinkedHashMap<>());
            for (JsonNode r : entry.path("ratings")) {
                String docId = r.path("docId").asText("");
                if (docId.isBlank()) {
                    throw new IllegalArgumentException("[docId] of query [" + query + "] must not be blank in [" + file + "]");
                }
                grades.put(docId, grade(query, docId, r.path("rating").asText()));
            }
        }
        return new Judgments(root.path("name").asText(file.getFileName().toString()), byQuery);
    }

    private static int grade(String query, String docId, String rating) {
        try {
            return EsciGrade.fromRating(rating).grade();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[rating] of query [" + query + "] document [" + docId
                + "] must be one of [100, 10, 1, 0] but was [" + rating + "]", e);
        }
    }

    /** @return the judged queries (normalised), in file order */
    public List<String> queries() {
        return List.copyOf(byQuery.keySet());
    }

    /**
     * @param query a query (any spacing or case)
     * @param docId a document
     * @return the grade, or -1 when the pair is not judged
     */
    public int grade(String query, String docId) {
        return grades(query).getOrDefault(docId, -1);
    }

    /**
     * @param query a query (any spacing or case)
     * @return its graded documents, in file order (empty when the query is unknown)
     */
    public Map<String, Integer> grades(String query) {
        return byQuery.getOrDefault(QueryText.normalise(query), Map.of());
    }

    /**
     * @param query a query (any spacing or case)
     * @return whether the query is judged
     */
    public boolean contains(String query) {
        return byQuery.containsKey(QueryText.normalise(query));
    }
}
