package org.prectr.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Graded relevance judgments in the Search Relevance Workbench {@code IMPORT_JUDGMENT} format
 * ({@code {"judgmentRatings":[{"query":..., "ratings":[{"docId":..., "rating":"100.000"}]}]}}), with
 * ESCI's ratings 100 / 10 / 1 / 0 (Exact / Substitute / Complement / Irrelevant) mapped to the ordinal
 * grades 3 / 2 / 1 / 0. The dev split files (eval/splits) are in the same format, so a split is a
 * {@code Judgments} too. Queries are kept as written; lookups use {@link QueryText#normalise}.
 *
 * @param byQuery grade by document id, by normalised query, in file order
 */
public record Judgments(Map<String, Map<String, Integer>> byQuery) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Judgments {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        byQuery.forEach((q, r) -> copy.put(q, Collections.unmodifiableMap(new LinkedHashMap<>(r))));
        byQuery = Collections.unmodifiableMap(copy);
    }

    /**
     * @param file a judgments file
     * @return the judgments
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the query and document when a rating is not an ESCI rating
     */
    public static Judgments read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode ratings = root.get("judgmentRatings");
        if (ratings == null || !ratings.isArray()) {
            throw new IllegalArgumentException("[judgmentRatings] must be an array in [" + file + "]");
        }
        Map<String, Map<String, Integer>> byQuery = new LinkedHashMap<>();
        for (JsonNode entry : ratings) {
            String query = QueryText.normalise(entry.path("query").asText(""));
            Map<String, Integer> grades = byQuery.computeIfAbsent(query, q -> new LinkedHashMap<>());
            for (JsonNode r : entry.path("ratings")) {
                grades.put(r.path("docId").asText(), grade(query, r.path("docId").asText(), r.path("rating").asText()));
            }
        }
        return new Judgments(byQuery);
    }

    /**
     * @param query the query (normalised)
     * @param docId the document
     * @param rating the SRW rating text, e.g. {@code "100.000"}
     * @return the grade in [0, 3]
     */
    static int grade(String query, String docId, String rating) {
        double value;
        try {
            value = Double.parseDouble(rating);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (value == 100) {
            return 3;
        } else if (value == 10) {
            return 2;
        } else if (value == 1) {
            return 1;
        } else if (value == 0) {
            return 0;
        }
        throw new IllegalArgumentException("[rating] of query [" + query + "] document [" + docId
            + "] must be one of [100, 10, 1, 0] but was [" + rating + "]");
    }

    /**
     * @param query a query (any spacing or case)
     * @param docId a document
     * @return the grade, or -1 when the pair is not judged
     */
    public int grade(String query, String docId) {
        Map<String, Integer> grades = byQuery.get(QueryText.normalise(query));
        if (grades == null) {
            return -1;
        }
        return grades.getOrDefault(docId, -1);
    }

    /** @return the judged queries (normalised), in file order */
    public java.util.Set<String> queries() {
        return byQuery.keySet();
    }
}
