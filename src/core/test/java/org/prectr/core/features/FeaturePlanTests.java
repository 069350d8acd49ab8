package org.prectr.core.features;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Test;
import org.prectr.core.CoreFixtures;
import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.fusion.StableMath;

/**
 * The compiled {@link FeaturePlan} gives bit-identical values to the string-and-boxed implementation
 * it replaced (kept below as {@link #reference}), on random finishing keys (transform, missing, mean,
 * std) over every source, stat and match kind, and random windows with missing values.
 */
public class FeaturePlanTests {

    private static final String[] TEXTS = {"Sugar Cookies", "Oatmeal Cookies without sugar", "Chocolate chip", "", "sugar free gum 12 pack"};
    private static final String[] BRANDS = {"Keebler", "Cookies", null, "Sugar Co", "Oreo"};

    @Test
    public void theCompiledPlanIsBitIdenticalToTheSpecByStringImplementation() {
        SplittableRandom random = new SplittableRandom(42);
        MatchFeatures match = new MatchFeatures();
        for (int trial = 0; trial < 200; trial++) {
            List<FeatureSpec> specs = new ArrayList<>();
            for (FeatureSpec base : allKinds()) {
                specs.add(withRandomFinish(base, random));
            }
            FeatureSchema schema = FeatureSchema.of(specs, 4, List.of("title"));
            int rows = 1 + random.nextInt(12);
            float[] scores = new float[rows];
            String[] texts = new String[rows];
            double[] counts = new double[rows];
            String[] books = new String[rows];
            String[] brands = new String[rows];
            for (int r = 0; r < rows; r++) {
                scores[r] = (float) (random.nextDouble() * 20 - 2);
                texts[r] = TEXTS[random.nextInt(TEXTS.length)];
                counts[r] = random.nextInt(4) == 0 ? Double.NaN : random.nextDouble() * 2000 - 10;
                books[r] = random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : null;
                brands[r] = BRANDS[random.nextInt(BRANDS.length)];
            }
            CandidateWindow window = CandidateWindow.builder(scores, texts).numeric("rating_count", counts)
                .keyword("is_book", books).keyword("brand", brands).build();
            UserContext user = new UserContext("u", Map.of("segment", "new", "age_bucket", random.nextInt(6),
                "tenure", " 2.5 "), List.of());
            QueryPreference cate = new QueryPreference(new float[] {0.02f, 0.01f, 0.17f, 0.80f}, Math.log1p(512), "q", 1);
            String query = random.nextBoolean() ? "cookies without sugar" : "keebler sugar cookies";
            RequestFeatures request = new RequestFeatures(query, match.words(query), user, random.nextInt(5),
                random.nextDouble(), random.nextDouble(), new float[] {0.25f, 0, 0.1f, 0.65f}, cate,
                Map.of("brand", random.nextBoolean() ? java.util.Set.of("keebler", "oreo") : java.util.Set.of()));

            float[] planned = new FeatureAssembler(schema).assemble(request, window);
            float[] expected = reference(specs, request, window, match);
            for (int i = 0; i < expected.length; i++) {
                assertEquals("trial " + trial + " cell " + i, Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(planned[i]));
            }
        }
    }

    @Test
    public void theSchemaNamesComeFromTheEnums() {
        assertEquals(List.of("score", "score_ratio", "log_rank"), FeatureSchema.FIRST_PASS_STATS);
        assertEquals(List.of("query_coverage", "jaccard", "negation_violation", "field_in_query"), FeatureSchema.MATCHES);
        assertEquals(List.of("length", "click_rate", "max_similarity"), FeatureSchema.HISTORY_STATS);
        assertEquals(List.of("identity", "log1p"), FeatureSchema.TRANSFORMS);
        FeaturePlan plan = FeatureSchema.of(CoreFixtures.exampleManifest()).plan();
        assertEquals(13, plan.size());
        assertEquals(FirstPassStat.SCORE_RATIO, plan.firstPass(0));
        assertEquals(MatchKind.FIELD_IN_QUERY, plan.match(3));
        assertEquals(-1, plan.grade(12));
    }

    private static List<FeatureSpec> allKinds() {
        List<FeatureSpec> specs = new ArrayList<>(CoreFixtures.exampleFeatures());
        specs.add(spec("score", FeatureSource.FIRST_PASS, "score", null, null, null, null, null));
        specs.add(spec("log_rank", FeatureSource.FIRST_PASS, "log_rank", null, null, null, null, null));
        specs.add(spec("jaccard", FeatureSource.MATCH, null, "jaccard", null, null, null, null));
        specs.add(spec("click_rate", FeatureSource.USER_HISTORY, "click_rate", null, null, null, null, null));
        specs.add(spec("tenure", FeatureSource.USER_NUMERIC, null, null, null, "tenure", null, null));
        specs.add(spec("absent", FeatureSource.USER_NUMERIC, null, null, null, "absent", null, null));
        specs.add(spec("r_user_3", FeatureSource.USER_PREFERENCE, null, null, null, null, null, 3));
        specs.add(spec("r_cate_2", FeatureSource.QUERY_PREFERENCE, null, null, null, null, null, 2));
        specs.add(spec("history_brand", FeatureSource.HISTORY_MATCH, null, null, "brand", null, null, null));
        return specs;
    }

    private static FeatureSpec spec(String name, FeatureSource source, String stat, String match, String field,
                                    String key, String equals, Integer grade) {
        return new FeatureSpec(name, source, stat, match, field, key, equals, grade, null, null, null, null);
    }

    private static FeatureSpec withRandomFinish(FeatureSpec s, SplittableRandom random) {
        String transform = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> "identity";
            default -> "log1p";
        };
        Double missing = random.nextBoolean() ? null : random.nextDouble() * 10 - 5;
        boolean standardise = random.nextBoolean();
        Double mean = standardise ? random.nextDouble() * 6 - 3 : null;
        Double std = standardise ? 0.01 + random.nextDouble() * 4 : null;
        return new FeatureSpec(s.name(), s.source(), s.stat(), s.match(), s.field(), s.key(), s.equalsValue(), s.grade(),
            transform, missing, mean, std);
    }

    // ---- the implementation before the plan (spec strings and boxed statistics per cell), verbatim in behaviour ----

    private static float[] reference(List<FeatureSpec> specs, RequestFeatures request, CandidateWindow window, MatchFeatures match) {
        int rows = window.rows();
        int f = specs.size();
        float[] out = new float[rows * f];
        MatchFeatures.ItemMatch[] items = new MatchFeatures.ItemMatch[rows];
        for (int r = 0; r < rows; r++) {
            items[r] = match.match(request.queryWords(), window.itemText(r));
        }
        for (int j = 0; j < f; j++) {
            FeatureSpec spec = specs.get(j);
            for (int r = 0; r < rows; r++) {
                double value = switch (spec.source()) {
                    case FIRST_PASS -> switch (spec.stat()) {
                        case "score" -> window.firstPassScore(r);
                        case "score_ratio" -> window.topScore() > 0 ? window.firstPassScore(r) / window.topScore() : 0;
                        default -> Math.log1p(r);
                    };
                    case MATCH -> switch (spec.match()) {
                        case "query_coverage" -> items[r].queryCoverage();
                        case "jaccard" -> items[r].jaccard();
                        case "negation_violation" -> items[r].negationViolation();
                        default -> window.keyword(spec.field())[r] == null ? 0.0
                            : match.fieldInQuery(request.queryWords(), window.keyword(spec.field())[r]);
                    };
                    case DOC_NUMERIC -> window.numeric(spec.field())[r];
                    case DOC_KEYWORD -> spec.equalsValue().equals(window.keyword(spec.field())[r]) ? 1 : 0;
                    case HISTORY_MATCH -> window.keyword(spec.field())[r] != null && request.historyFieldValues(spec.field())
                        .contains(window.keyword(spec.field())[r].trim().toLowerCase(java.util.Locale.ROOT)) ? 1 : 0;
                    case USER_NUMERIC -> {
                        Object v = request.user().features().get(spec.key());
                        if (v instanceof Number n) {
                            yield n.doubleValue();
                        }
                        if (v instanceof String s) {
                            yield Double.parseDouble(s.trim());
                        }
                        yield Double.NaN;
                    }
                    case USER_KEYWORD -> {
                        Object v = request.user().features().get(spec.key());
                        yield v != null && spec.equalsValue().equals(String.valueOf(v)) ? 1 : 0;
                    }
                    case USER_HISTORY -> switch (spec.stat()) {
                        case "length" -> Math.log1p(request.historyUsed());
                        case "click_rate" -> request.historyClickRate();
                        default -> request.historyMaxSimilarity();
                    };
                    case USER_PREFERENCE -> request.userPreference()[spec.grade()];
                    case QUERY_PREFERENCE -> spec.grade() == null
                        ? request.queryPreference().support() : request.queryPreference().histogram()[spec.grade()];
                };
                out[r * f + j] = referenceFinish(spec, value);
            }
        }
        return out;
    }

    private static float referenceFinish(FeatureSpec spec, double value) {
        double x = Double.isNaN(value) ? (spec.missing() == null ? 0 : spec.missing()) : value;
        if ("log1p".equals(spec.transform())) {
            x = StableMath.log1pNonNegative(x);
        }
        if (spec.mean() != null) {
            x = (x - spec.mean()) / spec.std();
        }
        return (float) x;
    }
}
