package org.prectr.core.features;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;
import org.prectr.core.CoreFixtures;
import org.prectr.core.bundle.FeatureSpec;

public class FeatureSchemaTests {

    @Test
    public void tellsTheEngineWhichFieldsToRead() {
        FeatureSchema schema = FeatureSchema.of(CoreFixtures.exampleManifest());
        assertEquals(13, schema.size());
        assertEquals(4, schema.grades());
        assertEquals(List.of("title"), schema.textFields());
        assertEquals(List.of("rating_count"), schema.numericFields());
        assertEquals(List.of("brand", "is_book"), schema.keywordFields());
        assertEquals("bm25_ratio", schema.names().get(0));
        assertTrue(schema.uses(FeatureSource.QUERY_PREFERENCE));
        assertFalse(FeatureSchema.of(List.of(first("s", "score")), 2, List.of("title")).uses(FeatureSource.MATCH));
    }

    private static FeatureSpec first(String name, String stat) {
        return new FeatureSpec(name, FeatureSource.FIRST_PASS, stat, null, null, null, null, null, null, null, null, null);
    }

    private static String refusal(FeatureSpec spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FeatureSchema.of(List.of(first("ok", "score"), spec), 4, List.of("title")));
        return e.getMessage();
    }

    private static FeatureSpec spec(FeatureSource source, String stat, String match, String field, String key, String equals,
                                    Integer grade) {
        return new FeatureSpec("f", source, stat, match, field, key, equals, grade, null, null, null, null);
    }

    @Test
    public void everySourceNeedsItsKeys() {
        assertEquals("features[1].stat: expected [one of score, score_ratio, log_rank] but found [rank]",
            refusal(spec(FeatureSource.FIRST_PASS, "rank", null, null, null, null, null)));
        assertEquals("features[1].match: expected [one of query_coverage, jaccard, negation_violation, field_in_query] "
            + "but found [null]", refusal(spec(FeatureSource.MATCH, null, null, null, null, null, null)));
        assertEquals("features[1].field: expected [a non-empty string] but found [null]",
            refusal(spec(FeatureSource.MATCH, null, "field_in_query", null, null, null, null)));
        assertEquals("features[1].field: expected [a non-empty string] but found [null]",
            refusal(spec(FeatureSource.DOC_NUMERIC, null, null, null, null, null, null)));
        assertEquals("features[1].equals: expected [a non-empty string] but found [null]",
            refusal(spec(FeatureSource.DOC_KEYWORD, null, null, "is_book", null, null, null)));
        assertEquals("features[1].key: expected [a non-empty string] but found []",
            refusal(spec(FeatureSource.USER_NUMERIC, null, null, null, "", null, null)));
        assertEquals("features[1].equals: expected [a non-empty string] but found [null]",
            refusal(spec(FeatureSource.USER_KEYWORD, null, null, null, "segment", null, null)));
        assertEquals("features[1].stat: expected [one of length, click_rate, max_similarity] but found [mean]",
            refusal(spec(FeatureSource.USER_HISTORY, "mean", null, null, null, null, null)));
        assertEquals("features[1].grade: expected [an integer in [0, 4)] but found [-1]",
            refusal(spec(FeatureSource.USER_PREFERENCE, null, null, null, null, null, -1)));
        assertEquals("features[1].grade: expected [an integer in [0, 4)] but found [null]",
            refusal(spec(FeatureSource.QUERY_PREFERENCE, null, null, null, null, null, null)));
        assertEquals("features[1].stat: expected [one of support] but found [clicks]",
            refusal(spec(FeatureSource.QUERY_PREFERENCE, "clicks", null, null, null, null, null)));
    }

    @Test
    public void keysASourceDoesNotReadAreRefused() {
        assertEquals("features[1].field: expected [no field for source first_pass] but found [title]",
            refusal(spec(FeatureSource.FIRST_PASS, "score", null, "title", null, null, null)));
        assertEquals("features[1].field: expected [no field for source match] but found [brand]",
            refusal(spec(FeatureSource.MATCH, null, "jaccard", "brand", null, null, null)));
        assertEquals("features[1].grade: expected [no grade for source query_preference] but found [1]",
            refusal(spec(FeatureSource.QUERY_PREFERENCE, "support", null, null, null, null, 1)));
    }

    @Test
    public void namesTransformsAndStandardisation() {
        assertEquals("features[1].name: expected [a unique name] but found [ok]",
            refusal(new FeatureSpec("ok", FeatureSource.FIRST_PASS, "score", null, null, null, null, null, null, null, null, null)));
        assertEquals("features[1].name: expected [a non-blank name] but found [ ]",
            refusal(new FeatureSpec(" ", FeatureSource.FIRST_PASS, "score", null, null, null, null, null, null, null, null, null)));
        assertEquals("features[1].source: expected [one of first_pass, match, doc_numeric, doc_keyword, user_numeric, "
            + "user_keyword, user_history, history_match, user_preference, query_preference] but found [null]",
            refusal(new FeatureSpec("x", null, "score", null, null, null, null, null, null, null, null, null)));
        assertEquals("features[1].transform: expected [one of identity, log1p] but found [sqrt]",
            refusal(new FeatureSpec("x", FeatureSource.FIRST_PASS, "score", null, null, null, null, null, "sqrt", null, null, null)));
        assertEquals("features[1].std: expected [a number, since mean is given] but found [null]",
            refusal(new FeatureSpec("x", FeatureSource.FIRST_PASS, "score", null, null, null, null, null, null, null, 1.0, null)));
        assertEquals("features[1].mean: expected [a number, since std is given] but found [null]",
            refusal(new FeatureSpec("x", FeatureSource.FIRST_PASS, "score", null, null, null, null, null, null, null, null, 1.0)));
        assertEquals("features[1].std: expected [> 0] but found [-1.0]",
            refusal(new FeatureSpec("x", FeatureSource.FIRST_PASS, "score", null, null, null, null, null, null, null, 0.0, -1.0)));
        assertEquals("features[1].missing: expected [a finite number] but found [NaN]",
            refusal(new FeatureSpec("x", FeatureSource.FIRST_PASS, "score", null, null, null, null, null, null, Double.NaN, null, null)));
    }
}
