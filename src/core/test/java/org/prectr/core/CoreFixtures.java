package org.prectr.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.bundle.GraphContract;
import org.prectr.core.bundle.GraphsSpec;
import org.prectr.core.bundle.QueryPreferenceSpec;
import org.prectr.core.bundle.TokenizerSpec;
import org.prectr.core.bundle.UserPreferenceSpec;
import org.prectr.core.features.FeatureSource;
import org.prectr.core.text.Vocabulary;

/** Shared test inputs: the docs/bundle.md example manifest, small vocabularies, the real BERT vocabulary. */
public final class CoreFixtures {

    /** The HuggingFace tokenizer.json inside the langchain4j all-MiniLM-L6-v2 jar (bert-base-uncased vocabulary). */
    public static final String BERT_TOKENIZER_JSON = "/all-minilm-l6-v2-tokenizer.json";

    /** A syntactically valid SHA-256 for manifests whose vocabulary is never read. */
    public static final String SOME_SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private CoreFixtures() {}

    /** @return the bert-base-uncased vocabulary (30,522 tokens) */
    public static Vocabulary bertVocabulary() {
        try (InputStream in = CoreFixtures.class.getResourceAsStream(BERT_TOKENIZER_JSON)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + BERT_TOKENIZER_JSON);
            }
            return Vocabulary.fromTokenizerJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a tiny vocabulary: the 4 specials at ids 0-3, then whole words and a few ## pieces */
    public static Vocabulary tinyVocabulary() {
        return Vocabulary.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "red", "running", "shoe", "##s", "trail",
            "tool", "wrap", "sugar", "free", "without", "cookie", "!", "un", "##aff", "##able"));
    }

    /** @return the 13 features of the docs/bundle.md example */
    public static List<FeatureSpec> exampleFeatures() {
        return List.of(
            spec("bm25_ratio", FeatureSource.FIRST_PASS, "score_ratio", null, null, null, null, null),
            spec("query_coverage", FeatureSource.MATCH, null, "query_coverage", null, null, null, null),
            spec("negation_violation", FeatureSource.MATCH, null, "negation_violation", null, null, null, null),
            spec("brand_in_query", FeatureSource.MATCH, null, "field_in_query", "brand", null, null, null),
            new FeatureSpec("log_rating_count", FeatureSource.DOC_NUMERIC, null, null, "rating_count", null, null, null,
                "log1p", 0.0, 3.1, 2.0),
            spec("is_book", FeatureSource.DOC_KEYWORD, null, null, "is_book", null, "true", null),
            spec("segment_new", FeatureSource.USER_KEYWORD, null, null, null, "segment", "new", null),
            new FeatureSpec("age_bucket", FeatureSource.USER_NUMERIC, null, null, null, "age_bucket", null, null, null,
                0.0, null, null),
            spec("history_length", FeatureSource.USER_HISTORY, "length", null, null, null, null, null),
            spec("history_similarity", FeatureSource.USER_HISTORY, "max_similarity", null, null, null, null, null),
            spec("r_user_0", FeatureSource.USER_PREFERENCE, null, null, null, null, null, 0),
            spec("r_cate_0", FeatureSource.QUERY_PREFERENCE, null, null, null, null, null, 0),
            spec("r_cate_support", FeatureSource.QUERY_PREFERENCE, "support", null, null, null, null, null));
    }

    private static FeatureSpec spec(String name, FeatureSource source, String stat, String match, String field,
                                    String key, String equals, Integer grade) {
        return new FeatureSpec(name, source, stat, match, field, key, equals, grade, null, null, null, null);
    }

    /** @return the docs/bundle.md example manifest (name esci-v2, D = 128, k = 4, F = 13) */
    public static BundleManifest exampleManifest() {
        return manifest("esci-v2", SOME_SHA, 128, exampleFeatures());
    }

    /**
     * @param name bundle name
     * @param sha vocabulary SHA-256
     * @param dim D
     * @param features the features
     * @return a V2 manifest shaped like the docs/bundle.md example
     */
    public static BundleManifest manifest(String name, String sha, int dim, List<FeatureSpec> features) {
        int f = features.size();
        GraphsSpec graphs = new GraphsSpec(
            GraphContract.spec(GraphContract.Role.QUERY_ENCODER, "text_encoder.onnx", dim, 4, f),
            GraphContract.spec(GraphContract.Role.ITEM_ENCODER, "text_encoder.onnx", dim, 4, f),
            GraphContract.spec(GraphContract.Role.SCORER, "scorer.onnx", dim, 4, f));
        return new BundleManifest(1, name, "20261122-1a2b3c4d", 42, List.of("irrelevant", "complement", "substitute", "exact"),
            new TokenizerSpec("wordpiece", "vocab.txt", sha, true, 16, 48), List.of("title"), dim, graphs,
            new ArrayList<>(features), new UserPreferenceSpec(50, 0.1),
            new QueryPreferenceSpec("query_preferences.json", 0.8),
            Map.of("epochs", 3, "loss", Map.of("bce", 1.0, "ce", 0.5), "notes", List.of("dev split")));
    }
}
