package org.prectr.eval.data;

import java.util.List;

/**
 * One catalogue product (real ESCI data): the fields the first-phase search, the simulator and the
 * models read. Missing text fields are empty strings; missing numbers are {@code NaN}.
 */
public record Product(String id, String title, String brand, String color, List<String> categories,
                      String bulletPoints, double rating, double ratingCount, double price, boolean isBook) {

    public Product {
        categories = List.copyOf(categories);
    }

    /** The first (top-level) category, or {@code "Unknown"} when the product has none. */
    public String topCategory() {
        return categories.isEmpty() ? "Unknown" : categories.get(0);
    }
}
