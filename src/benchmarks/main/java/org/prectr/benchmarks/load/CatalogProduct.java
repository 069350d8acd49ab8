package org.prectr.benchmarks.load;

import java.util.Objects;

/**
 * One product of the benchmark catalog: the fields the first phase searches ({@code title}) and the
 * fields a bundle's features read ({@code brand}, {@code color}, {@code rating_count}, {@code rating},
 * {@code is_book}, {@code price}). Missing numbers are NaN, missing strings empty.
 *
 * @param id the document id (the ASIN for an original product, ASIN-copy for a perturbed one)
 * @param title product title
 * @param brand brand name, possibly empty
 * @param color colour name, possibly empty
 * @param ratingCount number of ratings, NaN when unknown
 * @param rating average rating, NaN when unknown
 * @param isBook whether the product is a book
 * @param price price, NaN when unknown
 */
public record CatalogProduct(String id, String title, String brand, String color, double ratingCount,
                             double rating, boolean isBook, double price) {

    /** Requires the id and the strings to be non-null. */
    public CatalogProduct {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(color, "color");
    }
}
