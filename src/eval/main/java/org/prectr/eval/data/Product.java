package org.prectr.eval.data;

import java.util.List;

/**
 * One catalogue product (real ESCI data) with the ESCI fields typed, as the first-phase search, the
 * simulator and the models read them: a view of the core's {@link org.prectr.core.data.Product}, which
 * the core's {@link org.prectr.core.data.ProductReader} reads. Missing text fields are empty strings;
 * missing numbers are {@code NaN}.
 */
public record Product(String id, String title, String brand, String color, List<String> categories,
                      String bulletPoints, double rating, double ratingCount, double price, boolean isBook) {

    public Product {
        categories = List.copyOf(categories);
    }

    /**
     * @param p a product read by the core's reader
     * @return its ESCI fields
     */
    public static Product of(org.prectr.core.data.Product p) {
        return new Product(p.id(), p.text("title"), p.text("brand"), p.text("color"), p.list("category"),
                p.text("bullet_points"), p.number("rating"), p.number("rating_count"), p.number("price"), p.flag("is_book"));
    }

    /** The item text values of a field, for the core's {@link org.prectr.core.text.ItemText}: the text, or the categories. */
    public List<String> values(String field) {
        return switch (field) {
            case "title" -> List.of(title);
            case "brand" -> List.of(brand);
            case "color" -> List.of(color);
            case "bullet_points" -> List.of(bulletPoints);
            case "category" -> categories;
            default -> List.of();
        };
    }

    /** The first (top-level) category, or {@code "Unknown"} when the product has none. */
    public String topCategory() {
        return categories.isEmpty() ? "Unknown" : categories.get(0);
    }
}
