package org.prectr.eval.rank;

import org.prectr.core.data.EsciGrade;
import org.prectr.eval.data.Product;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.eval.sim.SimulationConfig;
import org.prectr.eval.sim.UtilityModel;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sanity reference for personalisation: the true grades (like {@link OracleRanker}) combined with what
 * the user's LOGGED history reveals about them: their acceptance of each grade, estimated as their
 * click-through rate on shown products of that grade relative to exact ones (each rate smoothed
 * towards the population's with {@value #PRIOR_IMPRESSIONS} pseudo-impressions), and the brands of
 * the relevant products they clicked. Score = {@code acceptance_u(grade) *
 * UtilityModel.publicAppeal(product, [brand clicked before], brandBoost)}, the simulator's form
 * (quality is public: rating and rating count). If shuffling user ids does not hurt it, the logs carry no personal signal to learn.
 */
public final class PersonalOracleRanker implements Ranker {
    private static final double PRIOR_IMPRESSIONS = 10.0;

    private final ProductCatalog catalog;
    private final double[] populationCtr;
    private final double brandBoost;
    private final String name;

    /**
     * @param populationCtr click-through rate of shown products of each grade (length 4), over all users
     */
    public PersonalOracleRanker(String name, ProductCatalog catalog, double[] populationCtr, SimulationConfig config) {
        this.name = name;
        this.catalog = catalog;
        this.populationCtr = populationCtr.clone();
        this.brandBoost = config.brandBoost();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean personalised() {
        return true;
    }

    @Override
    public RankerOutput score(RankRequest request) {
        UserHistory user = request.user();
        double[] ctr = new double[EsciGrade.COUNT];
        for (int g = 0; g < EsciGrade.COUNT; g++) {
            ctr[g] = (user.clickedByGrade()[g] + PRIOR_IMPRESSIONS * populationCtr[g]) / (user.shownByGrade()[g] + PRIOR_IMPRESSIONS);
        }
        double[] acceptance = new double[EsciGrade.COUNT];
        for (int g = 0; g < EsciGrade.COUNT; g++) {
            acceptance[g] = ctr[EsciGrade.EXACT.grade()] <= 0 ? 0 : Math.min(1.0, ctr[g] / ctr[EsciGrade.EXACT.grade()]);
        }
        Set<String> brands = new HashSet<>();
        for (HistoryItem h : request.history()) {
            Product p = h.clicked() && h.productId() != null ? catalog.get(h.productId()) : null;
            if (p != null && !p.brand().isBlank() && h.grade() >= EsciGrade.SUBSTITUTE.grade()) brands.add(p.brand());
        }
        int[] grades = request.session().grades();
        List<Product> products = request.products();
        double[] s = new double[grades.length];
        double[] relevance = new double[grades.length];
        for (int i = 0; i < s.length; i++) {
            double liked = brands.contains(products.get(i).brand()) ? 1 : 0;
            s[i] = acceptance[Math.max(0, grades[i])] * UtilityModel.publicAppeal(products.get(i), liked, brandBoost);
            relevance[i] = Math.max(0, grades[i]);
        }
        return new RankerOutput(s, relevance, null);
    }
}
