package org.prectr.opensearch.personal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchTestCase;
import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.FeatureSource;
import org.prectr.opensearch.ingest.StoredEmbedding;

/** The clicked items read by the one multi-get: which fields it asks for, and how their sources become a window. */
public class HistoryItemsTests extends OpenSearchTestCase {

    private static final FeatureSchema SCHEMA = FeatureSchema.of(List.of(
        new FeatureSpec("log_price", FeatureSource.DOC_NUMERIC, null, null, "price", null, null, null, "log1p", null, null, null),
        new FeatureSpec("brand_in_query", FeatureSource.MATCH, null, "field_in_query", "brand", null, null, null, null, null, null, null),
        new FeatureSpec("history_length", FeatureSource.USER_HISTORY, "length", null, null, null, null, null, null, null, null, null)),
        4, List.of("title", "color"));

    private static final Settings INDEX = Settings.builder().put("index.prectr.text_field", "name").put("index.prectr.fields.brand", "maker")
        .put("index.prectr.embedding_field", "emb").build();

    public void testTheMultiGetAsksForTheFieldsTheBundleReadsAsTheIndexMapsThem() {
        HistoryItems items = new HistoryItems("shop", INDEX, SCHEMA, "v1", 2);
        MultiGetRequest request = items.request(new java.util.LinkedHashSet<>(List.of("A", "B")));
        assertEquals(List.of("A", "B"), request.getItems().stream().map(MultiGetRequest.Item::id).toList());
        assertEquals(Set.of("shop"), request.getItems().stream().map(MultiGetRequest.Item::index).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of("name", "color", "emb", "emb_version", "emb_words", "price", "maker"),
            List.of(request.getItems().get(0).fetchSourceContext().includes()));
    }

    public void testSourcesBecomeAWindowWithTheStoredEmbeddingOnlyOfTheServedVersion() {
        HistoryItems items = new HistoryItems("shop", INDEX, SCHEMA, "v1", 2);
        String current = StoredEmbedding.toBase64(new float[] {0.5f, -1f}, 0, 2);
        CandidateWindow window = items.window(List.of(
            Map.of("name", "Red shoe", "color", List.of("red", "dark red"), "emb", current, "emb_version", "v1",
                "emb_words", List.of("red", "shoe"), "price", 12.5, "maker", "Acme"),
            Map.of("name", "Blue shoe", "emb", current, "emb_version", "v0", "price", "7", "maker", 3.0),
            Map.of("name", "Green shoe", "emb", "not base64!", "emb_version", "v1")));
        assertEquals(3, window.rows());
        assertEquals("Red shoe red dark red", window.itemText(0));
        assertTrue(window.hasEmbedding(0));
        assertEquals(0.5f, window.embeddings()[0], 0f);
        assertEquals(-1f, window.embeddings()[1], 0f);
        assertArrayEquals(new String[] {"red", "shoe"}, window.itemKeywords(0));
        assertFalse("another bundle version's embedding is not used", window.hasEmbedding(1));
        assertNull(window.itemKeywords(1));
        assertFalse("a malformed embedding is not used", window.hasEmbedding(2));
        assertArrayEquals(new double[] {12.5, 7, Double.NaN}, window.numeric("price"), 0);
        assertArrayEquals(new String[] {"Acme", "3", null}, window.keyword("brand"));
    }

    public void testAClickedItemsKeywordValuesAreReadAsTheIndexMapsThem() {
        FeatureSchema schema = FeatureSchema.of(List.of(
            new FeatureSpec("history_brand", FeatureSource.HISTORY_MATCH, null, null, "brand", null, null, null, null, null, null, null)),
            4, List.of("title"));
        assertEquals(List.of("brand"), schema.historyFields());
        HistoryItems items = new HistoryItems("shop", INDEX, schema, "v1", 2);
        // the multi-get reads the mapped field ("maker") for the history_match feature
        assertTrue(List.of(items.request(Set.of("A")).getItems().get(0).fetchSourceContext().includes()).contains("maker"));
        assertEquals(Map.of("brand", "Acme"), items.keywordValues(Map.of("name", "Red shoe", "maker", "Acme"), schema.historyFields()));
        assertEquals(Map.of("brand", "3"), items.keywordValues(Map.of("maker", 3.0), schema.historyFields()));
        assertEquals(Map.of(), items.keywordValues(Map.of("name", "no maker"), schema.historyFields()));
    }
}
