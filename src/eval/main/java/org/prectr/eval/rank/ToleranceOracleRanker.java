package org.prectr.eval.rank;

import org.prectr.eval.data.Product;
import org.prectr.eval.sim.SimUser;
import org.prectr.eval.sim.UtilityModel;

import java.util.List;

/**
 * Ceiling reference for personalisation: what {@link PersonalOracleRanker} would score if it knew the
 * user's HIDDEN tolerance and liked brands instead of estimating them from the logged history:
 * {@code acceptance_u(grade) * UtilityModel.publicAppeal(product, [brand liked by u], brandBoost)}.
 * Its personalised NDCG minus the personal oracle's with no history (reported by the shuffled-users
 * check) is how much personal preferences can add at most to a ranker that knows the grades. It reads
 * hidden simulator parameters, not the history, so it takes no part in the shuffled-users check.
 */
public final class ToleranceOracleRanker implements Ranker {
    private final double brandBoost;

    public ToleranceOracleRanker(double brandBoost) {
        this.brandBoost = brandBoost;
    }

    @Override
    public String name() {
        return "oracle_tolerance";
    }

    @Override
    public boolean personalised() {
        return false;
    }

    @Override
    public RankerOutput score(RankRequest request) {
        SimUser user = request.session().user();
        int[] grades = request.session().grades();
        List<Product> products = request.products();
        double[] s = new double[grades.length];
        double[] relevance = new double[grades.length];
        for (int i = 0; i < s.length; i++) {
            Product p = products.get(i);
            double liked = user.likedBrands().contains(p.brand()) ? 1 : 0;
            s[i] = user.tolerance().acceptance(grades[i]) * UtilityModel.publicAppeal(p, liked, brandBoost);
            relevance[i] = Math.max(0, grades[i]);
        }
        return new RankerOutput(s, relevance, null);
    }
}
