package org.prectr.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Expands the ESCI products into a catalog of any size by a documented, deterministic perturbation,
 * so that a million-product benchmark index has realistic titles and the same content on every run.
 *
 * <p>Catalog position {@code i} takes base product {@code i mod P} (P = number of ESCI products) and
 * copy number {@code c = i / P}. Copy 0 is the original product, unchanged. A copy {@code c >= 1} gets
 * the id {@code ASIN-c} and, drawn from a {@link SplittableRandom} seeded by (seed, ASIN, c):
 * <ul>
 *   <li>title: with probability 1/2 one qualifier from {@link #QUALIFIERS} appended; with probability
 *       3/10 one word dropped (titles of at least 4 words); with probability 3/10 two adjacent words
 *       swapped;</li>
 *   <li>rating_count: multiplied by a uniform factor in [0.5, 1.5) and rounded;</li>
 *   <li>price: multiplied by a uniform factor in [0.8, 1.2) and rounded to cents;</li>
 *   <li>brand, colour, rating and is_book: kept.</li>
 * </ul>
 * Copies therefore stay near-duplicates of real products: BM25 windows fill with plausible
 * candidates, and the item encoder sees real vocabulary.
 */
public final class CatalogExpansion {

    /** Appended to perturbed titles: variant words a real catalog carries. */
    static final List<String> QUALIFIERS = List.of("Pack of 2", "Pack of 3", "Pack of 6", "Large", "Small",
        "Medium", "XL", "Black", "White", "Blue", "Red", "Green", "Grey", "2023 Model", "2024 Model",
        "Travel Size", "Value Pack", "Refill", "Bundle", "Gift Set", "Renewed", "Compact", "Pro", "Plus");

    private final List<CatalogProduct> base;
    private final long seed;

    /**
     * @param base the products to expand (in file order), at least one
     * @param seed the perturbation seed
     * @throws IllegalArgumentException {@code [base] must not be empty but was [0] products} when empty
     */
    public CatalogExpansion(List<CatalogProduct> base, long seed) {
        if (base.isEmpty()) {
            throw new IllegalArgumentException("[base] must not be empty but was [0] products");
        }
        this.base = List.copyOf(base);
        this.seed = seed;
    }

    /** @return the number of base products P */
    public int baseSize() {
        return base.size();
    }

    /**
     * @param position a catalog position, {@code >= 0}
     * @return the product at that position
     */
    public CatalogProduct product(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("[position] must be >= 0 but was [" + position + "]");
        }
        CatalogProduct original = base.get((int) (position % base.size()));
        long copy = position / base.size();
        if (copy == 0) {
            return original;
        }
        SplittableRandom random = new SplittableRandom(mix(seed, original.id().hashCode(), copy));
        return new CatalogProduct(original.id() + "-" + copy, perturbTitle(original.title(), random),
            original.brand(), original.color(), scale(original.ratingCount(), 0.5, 1.5, 1, random),
            original.rating(),
            original.isBook(), scale(original.price(), 0.8, 1.2, 100, random));
    }

    static String perturbTitle(String title, SplittableRandom random) {
        List<String> words = new ArrayList<>(Arrays.asList(title.trim().split("\\s+")));
        boolean qualify = random.nextInt(10) < 5;
        boolean drop = random.nextInt(10) < 3;
        boolean swap = random.nextInt(10) < 3;
        if (drop && words.size() >= 4) {
            words.remove(random.nextInt(words.size()));
        }
        if (swap && words.size() >= 2) {
            int i = random.nextInt(words.size() - 1);
            String w = words.get(i);
            words.set(i, words.get(i + 1));
            words.set(i + 1, w);
        }
        if (qualify) {
            words.add(QUALIFIERS.get(random.nextInt(QUALIFIERS.size())));
        }
        return String.join(" ", words);
    }

    /** Always draws, so a missing value does not shift the random stream of the fields after it. */
    private static double scale(double value, double low, double high, double precision, SplittableRandom random) {
        double factor = low + (high - low) * random.nextDouble();
        return Double.isNaN(value) ? Double.NaN : Math.round(value * factor * precision) / precision;
    }

    /** A fixed 64-bit mix (SplitMix64 finaliser) of the three parts of a copy's identity. */
    private static long mix(long seed, int idHash, long copy) {
        long z = seed * 0x9E3779B97F4A7C15L + idHash * 0xC2B2AE3D27D4EB4FL + copy;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
