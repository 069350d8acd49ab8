package org.prectr.opensearch;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.util.List;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.admin.indices.template.put.PutComposableIndexTemplateAction;
import org.opensearch.cluster.metadata.ComposableIndexTemplate;
import org.opensearch.cluster.metadata.Template;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchIntegTestCase;

/**
 * Every {@code index.prectr.*} setting that names a field is checked against the mapping when the index
 * is created, when the setting is updated and when the mapping changes: a 400 naming the setting, the
 * field and what was expected (before, a missing text field silently scored every item as if its text
 * were empty); {@code null} resets any of them.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class FieldSettingsTests extends PrectrIntegTestCase {

    private static final String MAPPING = """
        {"properties": {
          "title": {"type": "text", "fields": {"raw": {"type": "keyword"}}}, "brand": {"type": "keyword"},
          "maker": {"type": "keyword"}, "rating": {"type": "float"}, "notes": {"type": "keyword", "doc_values": false},
          "meta": {"properties": {"origin": {"type": "keyword"}}}, "label": {"type": "alias", "path": "brand"},
          "emb": {"type": "binary", "doc_values": true}, "emb_plain": {"type": "binary"}}}""";

    private void refusedAtCreation(String index, Settings.Builder settings, String expected) {
        Exception e = expectThrows(Exception.class, () -> prepareCreate(index).setSettings(settings).setMapping(MAPPING).get());
        assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        assertEquals(expected, ExceptionsHelper.unwrapCause(e).getMessage());
        assertFalse(indexExists(index));
    }

    private void refusedUpdate(String index, Settings.Builder settings, String expected) {
        Exception e = expectThrows(Exception.class, () -> client().admin().indices().prepareUpdateSettings(index).setSettings(settings).get());
        assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        assertEquals(expected, ExceptionsHelper.unwrapCause(e).getMessage());
    }

    public void testSettingsThatNameAFieldAreCheckedAgainstTheMappingAtCreation() {
        String text = "[index.prectr.text_field] must name a mapped text or keyword field of index [a] but ";
        refusedAtCreation("a", Settings.builder().put("index.prectr.text_field", "name"), text + "the mapping has no field [name]");
        refusedAtCreation("a", Settings.builder().put("index.prectr.text_field", "rating"), text + "[rating] is a [float] field");
        String embedding = "[index.prectr.embedding_field] must name a [binary] field with [doc_values: true] of index [a] but ";
        refusedAtCreation("a", Settings.builder().put("index.prectr.embedding_field", "title"),
            embedding + "[title] is a [text] field without doc values");
        refusedAtCreation("a", Settings.builder().put("index.prectr.embedding_field", "emb_plain"),
            embedding + "[emb_plain] is a [binary] field without doc values");
        refusedAtCreation("a", Settings.builder().put("index.prectr.embedding_field", "vector"), embedding + "the mapping has no field [vector]");
        String fields = "[index.prectr.fields.brand] must name a mapped field a bundle can read: numeric, keyword or boolean with doc "
            + "values, or a text field of index [a] but ";
        refusedAtCreation("a", Settings.builder().put("index.prectr.fields.brand", "make"), fields + "the mapping has no field [make]");
        refusedAtCreation("a", Settings.builder().put("index.prectr.fields.brand", "meta"), fields + "[meta] is a [object] field without doc values");
        refusedAtCreation("a", Settings.builder().put("index.prectr.fields.brand", "emb"), fields + "[emb] is a [binary] field");
        // a keyword field without doc values may still be an item text (read from _source): which one is the bundle's to say

        // the same names, mapped as expected: multi-fields, object sub-fields and aliases count
        assertAcked(prepareCreate("good").setMapping(MAPPING).setSettings(Settings.builder().put("index.prectr.text_field", "title.raw")
            .put("index.prectr.embedding_field", "emb").put("index.prectr.fields.brand", "maker")
            .put("index.prectr.fields.color", "meta.origin").put("index.prectr.fields.rating", "rating")
            .put("index.prectr.fields.manufacturer", "label")));
    }

    public void testALegacyTemplatesSettingsAndMappingCount() {
        assertAcked(client().admin().indices().preparePutTemplate("shop").setPatterns(List.of("shop-*")).setMapping(MAPPING,
            org.opensearch.common.xcontent.XContentType.JSON).setSettings(Settings.builder().put("index.prectr.text_field", "name")).get());
        Exception e = expectThrows(Exception.class, () -> prepareCreate("shop-1").get());
        assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        assertEquals("[index.prectr.text_field] must name a mapped text or keyword field of index [shop-1] but the mapping has no field [name]",
            ExceptionsHelper.unwrapCause(e).getMessage());
        // the request's settings win over the template's; the template's mapping counts
        assertAcked(prepareCreate("shop-2").setSettings(Settings.builder().put("index.prectr.text_field", "title")
            .put("index.prectr.embedding_field", "emb")));
        assertAcked(client().admin().indices().prepareDeleteTemplate("shop").get());
    }

    public void testUpdatesAreCheckedAndNullResetsEverySetting() {
        assertAcked(prepareCreate("upd").setMapping(MAPPING).setSettings(Settings.builder().put("index.prectr.fields.brand", "maker")
            .put("index.prectr.text_field", "title.raw").put("index.prectr.embedding_field", "emb")));
        refusedUpdate("upd", Settings.builder().put("index.prectr.text_field", "name"),
            "[index.prectr.text_field] must name a mapped text or keyword field of index [upd] but the mapping has no field [name]");
        refusedUpdate("upd", Settings.builder().put("index.prectr.embedding_field", "title"),
            "[index.prectr.embedding_field] must name a [binary] field with [doc_values: true] of index [upd] but [title] is a [text] "
                + "field without doc values");
        refusedUpdate("upd", Settings.builder().put("prectr.fields.brand", "make"), // without the index. prefix, as REST accepts
            "[index.prectr.fields.brand] must name a mapped field a bundle can read: numeric, keyword or boolean with doc values, "
                + "or a text field of index [upd] but the mapping has no field [make]");
        Settings unchanged = client().admin().indices().prepareGetSettings("upd").get().getIndexToSettings().get("upd");
        assertEquals("maker", unchanged.get("index.prectr.fields.brand"));

        assertAcked(client().admin().indices().prepareUpdateSettings("upd").setSettings(Settings.builder()
            .putNull("index.prectr.fields.brand").putNull("index.prectr.text_field").putNull("index.prectr.embedding_field")));
        Settings reset = client().admin().indices().prepareGetSettings("upd").get().getIndexToSettings().get("upd");
        assertNull(reset.get("index.prectr.fields.brand"));
        assertNull(reset.get("index.prectr.text_field"));
        assertNull(reset.get("index.prectr.embedding_field"));
        assertEquals("title", PrectrSettings.TEXT_FIELD.get(reset));
        assertEquals("brand", PrectrSettings.fieldMapping(reset).apply("brand"));
    }

    public void testAMappingChangeMustGiveANamedFieldTheExpectedType() throws Exception {
        // a composable template's mapping is not resolved at creation: its fields wait for the mapping
        ComposableIndexTemplate template = new ComposableIndexTemplate(List.of("late-*"), new Template(Settings.EMPTY, null, null), null,
            null, null, null);
        assertAcked(client().execute(PutComposableIndexTemplateAction.INSTANCE,
            new PutComposableIndexTemplateAction.Request("late").indexTemplate(template)).get());
        assertAcked(prepareCreate("late-1").setSettings(Settings.builder().put("index.prectr.embedding_field", "emb")));
        Exception e = expectThrows(Exception.class, () -> client().admin().indices().preparePutMapping("late-1")
            .setSource("{\"properties\": {\"emb\": {\"type\": \"text\"}}}", org.opensearch.common.xcontent.XContentType.JSON).get());
        assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        assertEquals("[index.prectr.embedding_field] must name a [binary] field with [doc_values: true] of index [late-1] but [emb] is a "
            + "[text] field without doc values", ExceptionsHelper.unwrapCause(e).getMessage());
        assertAcked(client().admin().indices().preparePutMapping("late-1").setSource(
            "{\"properties\": {\"emb\": {\"type\": \"binary\", \"doc_values\": true}}}", org.opensearch.common.xcontent.XContentType.JSON));
    }
}
