package org.prectr.eval.search;

import org.prectr.eval.data.Product;
import org.prectr.trainer.search.Bm25Index;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first-phase search of the simulated shop: the trainer's {@link Bm25Index} over the catalogue's
 * text fields. Its top-k hits for a query are both what the simulated users are shown (exposure bias)
 * and the rescore window.
 */
public final class CatalogIndex {
    /** The text fields that can be searched. */
    public static final List<String> SEARCHABLE_FIELDS = List.of("title", "bullet_points", "category", "brand");

    private CatalogIndex() {}

    /** Indexes the products on the given text fields (a subset of {@link #SEARCHABLE_FIELDS}). */
    public static Bm25Index build(List<Product> products, List<String> fields) throws IOException {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("[fields] must name at least one of " + SEARCHABLE_FIELDS + " but was []");
        }
        for (String f : fields) {
            if (!SEARCHABLE_FIELDS.contains(f)) {
                throw new IllegalArgumentException("[fields] must be among " + SEARCHABLE_FIELDS + " but had [" + f + "]");
            }
        }
        Map<String, Map<String, String>> documents = new LinkedHashMap<>();
        for (Product p : products) {
            Map<String, String> texts = new LinkedHashMap<>();
            for (String f : fields) {
                texts.put(f, fieldText(p, f));
            }
            documents.put(p.id(), texts);
        }
        return Bm25Index.build(documents, fields);
    }

    private static String fieldText(Product p, String field) {
        return switch (field) {
            case "title" -> p.title();
            case "bullet_points" -> p.bulletPoints();
            case "category" -> String.join(" ", p.categories());
            case "brand" -> p.brand();
            default -> throw new IllegalArgumentException("[fields] unknown field [" + field + "]");
        };
    }
}
