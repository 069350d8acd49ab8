package org.prectr.trainer.data;

import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.features.FeatureSource;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's default feature schema (docs/training.md, "Features"), before standardisation stats
 * are filled in. Only inputs that UBI logs and the product bulk file really carry are used: word-match
 * features, product fields, history statistics, r_u per grade and, for V2,
 * r_cate per grade plus its support. User features ({@code user_numeric}/{@code user_keyword}) are
 * not in UBI logs and so not in the default schema.
 */
public final class DefaultFeatures {

    private DefaultFeatures() {}

    /**
     * @param grades k
     * @param crossUserPreference include r_cate per grade and its support (PRECTR-V2)
     * @param firstPhase include the first-phase score ratio (the trainer recomputes it, FirstPhaseScores)
     * @return the feature list, without mean/std, without history_match features
     */
    public static List<FeatureSpec> specs(int grades, boolean crossUserPreference, boolean firstPhase) {
        return specs(grades, crossUserPreference, firstPhase, List.of());
    }

    /**
     * @param grades k
     * @param crossUserPreference include r_cate per grade and its support (PRECTR-V2)
     * @param firstPhase include the first-phase score ratio (the trainer recomputes it, FirstPhaseScores)
     * @param historyMatchFields keyword fields with a {@code history_match} feature each ({@code history_<field>})
     * @return the feature list, without mean/std
     */
    public static List<FeatureSpec> specs(int grades, boolean crossUserPreference, boolean firstPhase,
                                          List<String> historyMatchFields) {
        List<FeatureSpec> specs = new ArrayList<>();
        // No first-phase rank: in click logs the rank is the display position, so a model that sees it
        // learns position bias (P(examined | position)) and at serving, where the rank is the first-phase
        // order, re-creates that order instead of re-ranking it. The score ratio is a property of the
        // (query, product) pair; the position effect it also carries in logs is taken by the examination
        // model of position-aware training (TrainerConfig.positionAware).
        if (firstPhase) {
            specs.add(spec("bm25_ratio", FeatureSource.FIRST_PASS, "score_ratio", null, null, null, null, null));
        }
        specs.add(spec("query_coverage", FeatureSource.MATCH, null, "query_coverage", null, null, null, null));
        specs.add(spec("jaccard", FeatureSource.MATCH, null, "jaccard", null, null, null, null));
        specs.add(spec("negation_violation", FeatureSource.MATCH, null, "negation_violation", null, null, null, null));
        specs.add(spec("brand_in_query", FeatureSource.MATCH, null, "field_in_query", "brand", null, null, null));
        specs.add(spec("color_in_query", FeatureSource.MATCH, null, "field_in_query", "color", null, null, null));
        specs.add(spec("log_rating_count", FeatureSource.DOC_NUMERIC, null, null, "rating_count", null, null, "log1p"));
        specs.add(spec("rating", FeatureSource.DOC_NUMERIC, null, null, "rating", null, null, null));
        specs.add(spec("log_price", FeatureSource.DOC_NUMERIC, null, null, "price", null, null, "log1p"));
        specs.add(spec("is_book", FeatureSource.DOC_KEYWORD, null, null, "is_book", "true", null, null));
        specs.add(spec("history_length", FeatureSource.USER_HISTORY, "length", null, null, null, null, null));
        specs.add(spec("history_click_rate", FeatureSource.USER_HISTORY, "click_rate", null, null, null, null, null));
        specs.add(spec("history_similarity", FeatureSource.USER_HISTORY, "max_similarity", null, null, null, null, null));
        // the user's affinities, e.g. for a brand: 1 when the user clicked an item with the hit's value before
        for (String field : historyMatchFields) {
            specs.add(spec("history_" + field, FeatureSource.HISTORY_MATCH, null, null, field, null, null, null));
        }
        for (int g = 0; g < grades; g++) {
            specs.add(spec("r_user_" + g, FeatureSource.USER_PREFERENCE, null, null, null, null, g, null));
        }
        if (crossUserPreference) {
            for (int g = 0; g < grades; g++) {
                specs.add(spec("r_cate_" + g, FeatureSource.QUERY_PREFERENCE, null, null, null, null, g, null));
            }
            specs.add(spec("r_cate_support", FeatureSource.QUERY_PREFERENCE, "support", null, null, null, null, null));
        }
        return List.copyOf(specs);
    }

    private static FeatureSpec spec(String name, FeatureSource source, String stat, String match, String field,
                                    String equalsValue, Integer grade, String transform) {
        return new FeatureSpec(name, source, stat, match, field, null, equalsValue, grade, transform, null, null, null);
    }

    /**
     * Whether a feature is standardised with training stats: preference shares (r_u, r_cate per grade)
     * stay raw so that V2 can add r_user and r_cate grade by grade, as PRECTR-V2 sums them; binary
     * indicators and everything else are standardised.
     *
     * @param spec a feature
     * @return true if mean/std are fitted for it
     */
    public static boolean standardised(FeatureSpec spec) {
        return !((spec.source() == FeatureSource.USER_PREFERENCE || spec.source() == FeatureSource.QUERY_PREFERENCE)
            && spec.grade() != null);
    }

    /**
     * @param spec a feature without stats
     * @param mean its training mean
     * @param std its training std (> 0)
     * @return the same feature with mean and std
     */
    public static FeatureSpec withStats(FeatureSpec spec, double mean, double std) {
        return new FeatureSpec(spec.name(), spec.source(), spec.stat(), spec.match(), spec.field(), spec.key(),
            spec.equalsValue(), spec.grade(), spec.transform(), spec.missing(), mean, std);
    }
}
