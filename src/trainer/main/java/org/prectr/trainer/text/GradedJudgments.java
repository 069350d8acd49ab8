package org.prectr.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Graded relevance judgments in the Search Relevance Workbench {@code IMPORT_JUDGMENT} format
 * ({@code {"judgmentRatings":[{"query":..., "ratings":[{"docId":..., "rating":"100.000"}]}]}}), with
 * ESCI's ratings 100 / 10 / 1 / 0 (Exact, Substitute, Complement, Irrelevant) mapped to the ordinal
 * grades 3 / 2 / 1 / 0 of the bundle.
 *
 * @param queries the judged queries in file order
 */
public record GradedJudgments(List<Query> queries) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the list. */
    public GradedJudgments {
        queries = List.copyOf(queries);
    }

    /**
     * One judged (query, document) pair.
     *
     * @param docId the product id
     * @param grade 0 (irrelevant) to 3 (exact)
     */
    public record Rating(String docId, int grade) {}

    /**
     * A query and its judged documents.
     *
     * @param text the query text
     * @param ratings its judgments in file order
     */
    public record Query(String text, List<Rating> ratings) {
        /** Copies the list. */
        public Query {
            ratings = List.copyOf(ratings);
        }
    }

    /**
     * @param file a judgments file
     * @return its queries and grades
     * @throws IOException if it cannot be read or parsed
     * @throws IllegalArgumentException if a rating is not one of 100, 10, 1, 0
     */
    public static GradedJudgments read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<Query> queries = new ArrayList<>();
        for (JsonNode query : root.path("judgmentRatings")) {
            List<Rating> ratings = new ArrayList<>();
            for (JsonNode rating : query.path("ratings")) {
                ratings.add(new Rating(rating.path("docId").asText(), grade(rating.path("rating").asText())));
            }
            queries.add(new Query(query.path("query").asText(), ratings));
        }
        if (queries.isEmpty()) {
            throw new IOException("[" + file + "] has no [judgmentRatings]");
        }
        return new GradedJudgments(queries);
    }

    /**
     * @param rating an ESCI rating as written by the workbench, e.g. {@code "100.000"}
     * @return its grade: 100 -> 3, 10 -> 2, 1 -> 1, 0 -> 0
     * @throws IllegalArgumentException for any other value
     */
    static int grade(String rating) {
        double value;
        try {
            value = Double.parseDouble(rating);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[rating] must be one of [100, 10, 1, 0] but was [" + rating + "]");
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
        throw new IllegalArgumentException("[rating] must be one of [100, 10, 1, 0] but was [" + rating + "]");
    }

    /** @return the distinct judged document ids, in first-seen order */
    public Set<String> docIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Query query : queries) {
            for (Rating rating : query.ratings()) {
                ids.add(rating.docId());
            }
        }
        return ids;
    }
}
