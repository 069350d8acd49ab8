package org.prectr.trainer.encoder;

import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The texts stage 0 learns from: graded (query, title) pairs of the training split, grouped by query,
 * and the validation split's queries with their judged titles for model selection. The validation
 * texts never reach a loss.
 *
 * @param train the training queries with their judged titles
 * @param validation the validation queries with their judged titles
 */
public record Stage0Data(List<QueryGroup> train, List<QueryGroup> validation) {

    /**
     * A query and its judged products' titles.
     *
     * @param query the query text
     * @param titles the judged titles, in judgment order
     * @param grades their grades (0 irrelevant .. 3 exact), same order
     */
    public record QueryGroup(String query, List<String> titles, int[] grades) {
        /** Copies the inputs and checks they line up. */
        public QueryGroup {
            titles = List.copyOf(titles);
            grades = grades.clone();
            if (titles.size() != grades.length) {
                throw new IllegalArgumentException("[titles] and [grades] of query [" + query
                    + "] must have the same length but had [" + titles.size() + "] and [" + grades.length + "]");
            }
        }
    }

    /** Copies the lists. */
    public Stage0Data {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /**
     * @param train the training split's judgments
     * @param validation the validation split's judgments
     * @param products the catalogue (for titles)
     * @return the stage-0 data
     * @throws IllegalArgumentException when a judged product is not in the catalogue or a query is in both splits
     */
    public static Stage0Data of(Judgments train, Judgments validation, Map<String, Product> products) {
        for (String query : validation.queries()) {
            if (train.contains(query)) {
                throw new IllegalArgumentException("[query] [" + query + "] is in both the training and the validation split");
            }
        }
        return new Stage0Data(groups(train, products), groups(validation, products));
    }

    private static List<QueryGroup> groups(Judgments judgments, Map<String, Product> products) {
        List<QueryGroup> groups = new ArrayList<>();
        judgments.byQuery().forEach((query, grades) -> {
            List<String> titles = new ArrayList<>();
            int[] g = new int[grades.size()];
            int i = 0;
            for (Map.Entry<String, Integer> rating : grades.entrySet()) {
                Product product = products.get(rating.getKey());
                if (product == null || product.text("title").isBlank()) {
                    throw new IllegalArgumentException("[product] [" + rating.getKey() + "] judged for query [" + query
                        + "] has no title in the catalogue");
                }
                titles.add(product.text("title"));
                g[i++] = rating.getValue();
            }
            groups.add(new QueryGroup(query, titles, g));
        });
        return groups;
    }

    /** @return every distinct text of both splits (queries and titles), for teacher embedding */
    public Set<String> allTexts() {
        Set<String> texts = new LinkedHashSet<>();
        for (List<QueryGroup> split : List.of(train, validation)) {
            for (QueryGroup group : split) {
                texts.add(group.query());
                texts.addAll(group.titles());
            }
        }
        return texts;
    }

    /** @return the number of training (query, title) pairs */
    public int trainPairs() {
        return train.stream().mapToInt(g -> g.titles().size()).sum();
    }
}
