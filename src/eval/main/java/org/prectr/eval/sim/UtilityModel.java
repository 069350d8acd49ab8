package org.prectr.eval.sim;

import org.prectr.eval.data.Product;

import java.util.SplittableRandom;

/**
 * The ground-truth utility of a product to a user under a query, in [0, 1]:
 * <pre>
 *   utility = acceptance(tolerance, grade) * clamp(0.15 + brandBoost * [brand liked] + 0.6 * quality(product)
 *             + 0.15 * affinity(category) / max affinity + tasteNoise * z(user, product), 0.05, 1)
 * </pre>
 * where quality = (rating / 5) * min(1, log(1 + rating_count) / log(1 + 10,000)) (0.3 when unknown) is
 * the same for everyone (a popular, well-rated product attracts more),
 * grade is the real ESCI grade of (query, product) (ungraded counts as irrelevant) and z is a
 * standard normal fixed per (seed, user, product): a persistent personal taste, not per-impression
 * noise. The click attractiveness adds misclicks for non-strict users:
 * {@code a = utility + (1 - utility) * misclickRate}.
 */
public final class UtilityModel {
    /** Base utility of an accepted product before brand, quality, affinity and taste. */
    public static final double INTERCEPT = 0.15;
    /** Weight of the public quality (rating x popularity) in the base utility. */
    public static final double QUALITY_WEIGHT = 0.6;

    private final SimulationConfig config;

    public UtilityModel(SimulationConfig config) {
        this.config = config;
    }

    public double utility(SimUser user, Product product, int grade) {
        double accept = user.tolerance().acceptance(grade);
        if (accept == 0) return 0;
        double maxAffinity = user.categoryAffinity().values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double liked = user.likedBrands().contains(product.brand()) ? 1 : 0;
        double base = publicAppeal(product, liked, config.brandBoost())
                + 0.15 * user.affinity(product.topCategory()) / maxAffinity + config.tasteNoise() * taste(user, product);
        return accept * Math.max(0.05, Math.min(1.0, base));
    }

    /**
     * The part of the utility's base that does not depend on hidden user parameters other than liked
     * brands: {@code INTERCEPT + brandBoost * liked + QUALITY_WEIGHT * quality}.
     */
    public static double publicAppeal(Product product, double liked, double brandBoost) {
        return INTERCEPT + brandBoost * liked + QUALITY_WEIGHT * quality(product);
    }

    /** Popularity and rating in [0, 1], the same for every user; 0.3 when the product has no rating. */
    public static double quality(Product product) {
        if (Double.isNaN(product.rating()) || Double.isNaN(product.ratingCount())) return 0.3;
        double volume = Math.min(1.0, Math.log1p(Math.max(0, product.ratingCount())) / Math.log1p(10_000));
        return Math.max(0, Math.min(1, product.rating() / 5.0)) * volume;
    }

    /** Click attractiveness: the utility plus misclicks for users who make them. */
    public double attractiveness(SimUser user, double utility) {
        if (!user.tolerance().misclicks()) return utility;
        return utility + (1 - utility) * config.misclickRate();
    }

    private double taste(SimUser user, Product product) {
        SplittableRandom rng = Seeds.stream(config.seed() ^ product.id().hashCode(), "taste", user.index());
        return rng.nextGaussian();
    }
}
