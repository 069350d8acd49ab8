package org.prectr.eval.sim;

import org.prectr.eval.data.Product;
import org.prectr.eval.data.ProductCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Draws the simulated user population from the seed and the catalogue's categories and brands.
 *
 * <p>Segments first: each segment favours three top-level categories (drawn in proportion to their
 * size, weights 1, 0.5, 0.25 on top of a small floor) and has a strictness rho ~ U(0, 1) that sets
 * its tolerance mix P(strict) = 0.1 + 0.7 rho, P(lenient) = 0.1 + 0.7 (1 - rho), P(moderate) = 0.1.
 * A user takes a segment uniformly, the segment's affinities times log-normal noise (sigma 0.5,
 * renormalised), a tolerance from the segment's mix, ten liked brands drawn in proportion to
 * (number of the brand's products in a category) x (the user's affinity for that category), and an activity level: with probability {@code coldShare} 0-2 past
 * sessions (uniform), otherwise 3 + a geometric number with mean {@code meanActiveSessions - 3},
 * capped at {@code maxSessions} (a long tail). Users of a segment therefore issue similar queries
 * and share preferences: the signal PRECTR-V2's cross-user mining looks for.
 */
public final class UserPopulation {
    private static final int FAVOURITES = 3;
    private static final double[] FAVOURITE_WEIGHTS = {1.0, 0.5, 0.25};
    private static final double AFFINITY_FLOOR = 0.01;
    private static final int LIKED_BRANDS = 10;

    private UserPopulation() {}

    public static List<SimUser> generate(SimulationConfig config, ProductCatalog catalog) {
        Map<String, Integer> categoryCounts = QueryCategories.catalogCounts(catalog);
        List<String> categories = new ArrayList<>(categoryCounts.keySet());
        Map<String, Map<String, Integer>> brandsByCategory = brandsByCategory(catalog);

        List<Map<String, Double>> segmentAffinity = new ArrayList<>();
        double[] segmentStrictness = new double[config.segments()];
        for (int s = 0; s < config.segments(); s++) {
            SplittableRandom rng = Seeds.stream(config.seed(), "segment", s);
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String c : categories) weights.put(c, AFFINITY_FLOOR);
            Map<String, Double> pool = new LinkedHashMap<>();
            categoryCounts.forEach((c, n) -> pool.put(c, (double) n));
            for (int f = 0; f < FAVOURITES && !pool.isEmpty(); f++) {
                String c = draw(pool, rng);
                pool.remove(c);
                weights.put(c, weights.get(c) + FAVOURITE_WEIGHTS[f]);
            }
            segmentAffinity.add(weights);
            segmentStrictness[s] = rng.nextDouble();
        }

        List<SimUser> users = new ArrayList<>(config.users());
        for (int u = 0; u < config.users(); u++) {
            SplittableRandom rng = Seeds.stream(config.seed(), "user", u);
            int segment = rng.nextInt(config.segments());
            Map<String, Double> affinity = new LinkedHashMap<>();
            double total = 0;
            for (Map.Entry<String, Double> e : segmentAffinity.get(segment).entrySet()) {
                double a = e.getValue() * Math.exp(0.5 * rng.nextGaussian());
                affinity.put(e.getKey(), a);
                total += a;
            }
            for (Map.Entry<String, Double> e : affinity.entrySet()) e.setValue(e.getValue() / total);

            double rho = segmentStrictness[segment];
            double t = rng.nextDouble();
            Tolerance tolerance = t < 0.1 + 0.7 * rho ? Tolerance.STRICT
                    : t < 0.2 + 0.7 * rho ? Tolerance.MODERATE : Tolerance.LENIENT;

            // liked brands: drawn in proportion to (products of the brand in a category) x (affinity for it)
            Set<String> brands = new LinkedHashSet<>();
            Map<String, Double> brandPool = new TreeMap<>();
            for (Map.Entry<String, Map<String, Integer>> c : brandsByCategory.entrySet()) {
                double a = affinity.getOrDefault(c.getKey(), 0.0);
                c.getValue().forEach((b, n) -> brandPool.merge(b, a * n, Double::sum));
            }
            for (int i = 0; i < LIKED_BRANDS && !brandPool.isEmpty(); i++) {
                String b = draw(brandPool, rng);
                brandPool.remove(b);
                brands.add(b);
            }

            int past;
            if (rng.nextDouble() < config.coldShare()) {
                past = rng.nextInt(SimUser.COLD_START_MAX_SESSIONS + 1);
            } else {
                double mean = config.meanActiveSessions() - 3;
                double p = 1.0 / (1.0 + mean); // geometric on {0, 1, ...} with this mean
                int extra = mean <= 0 ? 0 : (int) Math.floor(Math.log(1 - rng.nextDouble()) / Math.log(1 - p));
                past = Math.min(config.maxSessions(), 3 + extra);
            }
            users.add(new SimUser(u, String.format("user-%06d", u), segment, tolerance, affinity, brands, past));
        }
        return users;
    }

    private static Map<String, Map<String, Integer>> brandsByCategory(ProductCatalog catalog) {
        Map<String, Map<String, Integer>> result = new HashMap<>();
        for (Product p : catalog.products()) {
            if (p.brand().isBlank()) continue;
            result.computeIfAbsent(p.topCategory(), c -> new TreeMap<>()).merge(p.brand(), 1, Integer::sum);
        }
        return result;
    }

    /** Draws a key with probability proportional to its weight (iteration order fixes the result). */
    static String draw(Map<String, Double> weights, SplittableRandom rng) {
        double total = 0;
        for (double w : weights.values()) total += w;
        double r = rng.nextDouble() * total;
        String last = null;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            last = e.getKey();
            r -= e.getValue();
            if (r < 0) return last;
        }
        return last;
    }
}
