package org.prectr.core.bundle;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.FeatureSource;

/** Caffeine-style proof of the write/read promise: random valid manifests survive a round trip unchanged. */
public class BundleManifestRandomRoundTripTests {

    private static final long SEED = 20261122L;

    @Test
    public void randomManifestsRoundTrip() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < 300; i++) {
            BundleManifest manifest = randomManifest(random, i);
            String json = BundleManifestJson.write(manifest);
            BundleManifest back = BundleManifestJson.parse(json);
            assertEquals("manifest " + i + ":\n" + json, manifest, back);
            assertEquals(json, BundleManifestJson.write(back));
        }
    }

    private static BundleManifest randomManifest(Random random, int i) {
        int k = 2 + random.nextInt(4);
        int dim = 1 + random.nextInt(256);
        List<String> grades = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            grades.add("grade \"" + g + "\" é");
        }
        List<FeatureSpec> features = new ArrayList<>();
        int f = 1 + random.nextInt(30);
        for (int j = 0; j < f; j++) {
            features.add(randomFeature(random, "f" + j, k));
        }
        GraphsSpec graphs = new GraphsSpec(
            GraphContract.spec(GraphContract.Role.QUERY_ENCODER, "q.onnx", dim, k, f),
            GraphContract.spec(GraphContract.Role.ITEM_ENCODER, random.nextBoolean() ? "q.onnx" : "i.onnx", dim, k, f),
            GraphContract.spec(GraphContract.Role.SCORER, "scorer.onnx", dim, k, f));
        Map<String, Object> training = null;
        if (random.nextBoolean()) {
            training = new LinkedHashMap<>();
            training.put("epochs", random.nextInt(100));
            training.put("lr", random.nextDouble());
            training.put("teacher", "bge-small-en-v1.5");
            training.put("losses", List.of("bce", "ce"));
            training.put("nested", Map.of("a", true));
        }
        boolean v2 = random.nextBoolean() || features.stream().anyMatch(s -> s.source() == FeatureSource.QUERY_PREFERENCE);
        BundleManifest m = new BundleManifest(1, "model-" + i, "v" + random.nextInt(), random.nextLong(), grades,
            new TokenizerSpec("wordpiece", "vocab.txt", String.format("%064x", random.nextLong() & Long.MAX_VALUE),
                random.nextBoolean(), 2 + random.nextInt(100), 2 + random.nextInt(500)),
            List.of("title", "brand"), dim, graphs, features, new UserPreferenceSpec(1 + random.nextInt(1000),
                0.01 + random.nextDouble()),
            v2 ? new QueryPreferenceSpec("query_preferences.json", random.nextDouble() * 2 - 1) : null, training);
        // the generator makes valid manifests only
        FeatureSchema.of(m);
        return m;
    }

    private static FeatureSpec randomFeature(Random random, String name, int k) {
        FeatureSource source = FeatureSource.values()[random.nextInt(FeatureSource.values().length)];
        String stat = null;
        String match = null;
        String field = null;
        String key = null;
        String equals = null;
        Integer grade = null;
        switch (source) {
            case FIRST_PASS -> stat = pick(random, FeatureSchema.FIRST_PASS_STATS);
            case MATCH -> {
                match = pick(random, FeatureSchema.MATCHES);
                field = "field_in_query".equals(match) ? "brand" : null;
            }
            case DOC_NUMERIC -> field = "rating_count";
            case DOC_KEYWORD -> {
                field = "is_book";
                equals = "true";
            }
            case USER_NUMERIC -> key = "age";
            case USER_KEYWORD -> {
                key = "segment";
                equals = "new";
            }
            case USER_HISTORY -> stat = pick(random, FeatureSchema.HISTORY_STATS);
            case HISTORY_MATCH -> field = "brand";
            case USER_PREFERENCE -> grade = random.nextInt(k);
            case QUERY_PREFERENCE -> {
                if (random.nextBoolean()) {
                    stat = FeatureSchema.SUPPORT;
                } else {
                    grade = random.nextInt(k);
                }
            }
        }
        String transform = random.nextInt(3) == 0 ? pick(random, FeatureSchema.TRANSFORMS) : null;
        Double missing = random.nextBoolean() ? random.nextGaussian() : null;
        boolean standardise = random.nextBoolean();
        return new FeatureSpec(name, source, stat, match, field, key, equals, grade, transform, missing,
            standardise ? random.nextGaussian() : null, standardise ? 0.1 + random.nextDouble() : null);
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
