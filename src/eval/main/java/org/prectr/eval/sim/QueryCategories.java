package org.prectr.eval.sim;

import org.prectr.core.data.EsciGrade;
import org.prectr.core.data.Judgments;
import org.prectr.eval.data.Product;
import org.prectr.eval.data.ProductCatalog;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The top-level category of a query, so that users can choose queries by affinity: the most common
 * top-level category among the query's substitute-or-exact products (all graded products if it has
 * none; ties by name), {@code Unknown} when none of them is in the catalogue.
 */
public final class QueryCategories {
    private QueryCategories() {}

    public static Map<String, String> of(Judgments judgments, ProductCatalog catalog) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String query : judgments.queries()) {
            String best = majority(judgments.grades(query), catalog, EsciGrade.SUBSTITUTE.grade());
            if (best == null) best = majority(judgments.grades(query), catalog, EsciGrade.IRRELEVANT.grade());
            result.put(query, best == null ? "Unknown" : best);
        }
        return result;
    }

    private static String majority(Map<String, Integer> grades, ProductCatalog catalog, int minGrade) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, Integer> e : grades.entrySet()) {
            Product p = catalog.get(e.getKey());
            if (p != null && e.getValue() >= minGrade) counts.merge(p.topCategory(), 1, Integer::sum);
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    /** Product counts per top-level category, largest first (ties by name). */
    public static Map<String, Integer> catalogCounts(ProductCatalog catalog) {
        Map<String, Integer> counts = new HashMap<>();
        for (Product p : catalog.products()) counts.merge(p.topCategory(), 1, Integer::sum);
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
