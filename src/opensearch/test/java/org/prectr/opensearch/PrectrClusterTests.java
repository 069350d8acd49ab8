package org.prectr.opensearch;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.lucene.search.Explanation;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.search.SearchPhaseExecutionException;
import org.opensearch.action.search.SearchRequestBuilder;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchType;
import org.opensearch.action.search.ShardSearchFailure;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.onnx.DeterministicBundleWriter;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.rescore.RequestHistoryEntry;
import org.prectr.opensearch.rescore.RequestUser;
import org.prectr.core.rescore.ScoreMode;

/**
 * The rescorer on a real in-JVM cluster (2 data nodes, an index of 3 shards, 113 real ESCI products)
 * with the deterministic bundle of prectr-onnx: hits are reordered exactly as the bundle dictates, per
 * shard window, for two users with different relevance preferences; explain equals the score; bad
 * requests and settings are 400s naming the field.
 *
 * <p>The expected order is computed here, outside the plugin: each shard's window is rebuilt from the
 * first-phase hits (their scores and shards) and the products' source, scored with the core's
 * {@code WindowScorer} over a second copy of the bundle, combined and merged.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2)
public class PrectrClusterTests extends PrectrIntegTestCase {

    private static final String INDEX = "products";
    private static final String QUERY = "mens slippers";
    /** Per shard, fewer than the 10 to 14 first-phase hits each shard has, so every window is a true top-N. */
    private static final int WINDOW = 8;
    /** Broad first phase: almost every sample product matches. */
    private static final String FIRST_PHASE_TEXT = "mens slippers sandals for women";

    @Override
    protected void writeModels(Path models) throws IOException {
        super.writeModels(models);
        // A bundle folder whose manifest is not JSON: refused, while esci-demo keeps serving.
        Files.writeString(Files.createDirectories(models.resolve("broken")).resolve("manifest.json"), "{not json");
    }

    private Map<String, Map<String, Object>> indexProducts() throws IOException {
        Map<String, Map<String, Object>> products = EsciSample.products();
        assertAcked(prepareCreate(INDEX).setSettings(Settings.builder().put("index.number_of_shards", 3)
            .put("index.number_of_replicas", 0).put("index.prectr.model", MODEL)).setMapping(EsciSample.MAPPING));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        products.forEach((asin, source) -> bulk.add(client().prepareIndex(INDEX).setId(asin).setSource(source)));
        var indexed = bulk.get();
        assertFalse(indexed.buildFailureMessage(), indexed.hasFailures());
        ensureGreen(INDEX);
        return products;
    }

    private static RequestUser strictUser() {
        return new RequestUser("strict", Map.of("segment", "returning", "age_bucket", 4), List.of(
            new RequestHistoryEntry(QUERY, null, 3, true), new RequestHistoryEntry(QUERY, "B0", 1, false),
            new RequestHistoryEntry(QUERY, null, 3, true)));
    }

    private static RequestUser lenientUser() {
        return new RequestUser("lenient", Map.of("segment", "new", "age_bucket", 2), List.of(
            new RequestHistoryEntry(QUERY, null, 2, true), new RequestHistoryEntry(QUERY, null, 1, true),
            new RequestHistoryEntry(QUERY, null, 2, true)));
    }

    private SearchRequestBuilder firstPhase() {
        return client().prepareSearch(INDEX).setSearchType(SearchType.QUERY_THEN_FETCH)
            .setQuery(QueryBuilders.matchQuery("title", FIRST_PHASE_TEXT)).setSize(WINDOW);
    }

    private static PrectrRescorerBuilder rescorer(RequestUser user, ScoreMode mode) {
        return new PrectrRescorerBuilder(null, QUERY, user, mode, 1f, 1f);
    }

    public void testRescoresAsTheBundleDictatesForTwoUsers() throws Exception {
        Map<String, Map<String, Object>> products = indexProducts();
        // Every shard's first-phase hits, in shard order (score desc, doc asc), with their scores.
        // The test client randomises the search type: fix it, so that both searches see per-shard BM25 statistics.
        SearchResponse all = firstPhase().setSize(200).get();
        Map<Integer, List<SearchHit>> byShard = new HashMap<>();
        for (SearchHit hit : all.getHits().getHits()) {
            byShard.computeIfAbsent(hit.getShard().getShardId().id(), s -> new ArrayList<>()).add(hit);
        }
        assertEquals(3, byShard.size());
        for (List<SearchHit> shardHits : byShard.values()) {
            assertTrue("each shard has more first-phase hits than the window: " + all.getHits().getTotalHits() + " " + byShard.values().stream().map(List::size).toList(), shardHits.size() > WINDOW);
        }

        Path bundleDir = createTempDir();
        DeterministicBundleWriter.write(bundleDir, MODEL);
        List<List<String>> orders = new ArrayList<>();
        try (ModelBundle bundle = ModelBundle.load(bundleDir.resolve(MODEL), InferenceOptions.DEFAULT)) {
            for (RequestUser user : List.of(strictUser(), lenientUser())) {
                for (ScoreMode mode : ScoreMode.values()) {
                    Map<String, Float> expected = expectedScores(bundle, byShard, products, user, mode);
                    SearchResponse rescored = firstPhase().addRescorer(rescorer(user, mode), WINDOW).get();
                    SearchHit[] hits = rescored.getHits().getHits();
                    assertEquals(WINDOW, hits.length);
                    List<Float> top = expected.values().stream().sorted(Comparator.reverseOrder()).limit(WINDOW).toList();
                    for (int rank = 0; rank < hits.length; rank++) {
                        String where = user.id() + "/" + mode + " rank " + rank + " " + hits[rank].getId();
                        assertEquals(where, expected.get(hits[rank].getId()), hits[rank].getScore(), 1e-6f);
                        assertEquals(where, top.get(rank), hits[rank].getScore(), 1e-6f);
                    }
                    if (mode == ScoreMode.REPLACE) {
                        orders.add(ids(hits));
                    }
                }
            }
        }
        List<String> bm25 = ids(firstPhase().get().getHits().getHits());
        assertNotEquals("strict user's order differs from BM25", bm25, orders.get(0));
        assertNotEquals("lenient user's order differs from BM25", bm25, orders.get(1));
        assertNotEquals("the two users get different orders", orders.get(0), orders.get(1));
    }

    /** Each shard's window scored by the core over the products' source, combined with score_mode. */
    private static Map<String, Float> expectedScores(ModelBundle bundle, Map<Integer, List<SearchHit>> byShard,
                                                     Map<String, Map<String, Object>> products, RequestUser user, ScoreMode mode) {
        Map<String, Float> expected = new LinkedHashMap<>();
        var prepared = bundle.scorer().prepare(QUERY, user.toCore());
        for (List<SearchHit> shardHits : byShard.values()) {
            List<SearchHit> window = shardHits.subList(0, Math.min(WINDOW, shardHits.size()));
            int rows = window.size();
            float[] first = new float[rows];
            String[] texts = new String[rows];
            for (int r = 0; r < rows; r++) {
                first[r] = window.get(r).getScore();
                texts[r] = (String) products.get(window.get(r).getId()).get("title");
            }
            CandidateWindow.Builder builder = CandidateWindow.builder(first, texts);
            for (String field : bundle.schema().numericFields()) {
                double[] values = new double[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = EsciSample.docValue(field, products.get(window.get(r).getId()).get(field));
                }
                builder.numeric(field, values);
            }
            for (String field : bundle.schema().keywordFields()) {
                String[] values = new String[rows];
                for (int r = 0; r < rows; r++) {
                    Object value = products.get(window.get(r).getId()).get(field);
                    values[r] = value == null ? null : String.valueOf(value);
                }
                builder.keyword(field, values);
            }
            var scoredWindow = bundle.scorer().score(prepared, builder.build());
            float[] model = scoredWindow.scores().score();
            for (int r = 0; r < rows; r++) {
                expected.put(window.get(r).getId(), mode.combine(first[r], model[r]));
            }
        }
        return expected;
    }

    private static List<String> ids(SearchHit[] hits) {
        List<String> ids = new ArrayList<>();
        for (SearchHit hit : hits) {
            ids.add(hit.getId());
        }
        return ids;
    }

    public void testFieldSettingsMapTheBundleFieldsToOtherIndexFields() throws Exception {
        Map<String, Map<String, Object>> products = indexProducts();
        // The same products with title, brand and price under other names, mapped back by the settings.
        assertAcked(prepareCreate("renamed").setSettings(Settings.builder().put("index.number_of_shards", 3)
            .put("index.number_of_replicas", 0).put("index.prectr.model", MODEL).put("index.prectr.text_field", "name")
            .put("index.prectr.fields.brand", "maker").put("index.prectr.fields.price", "cost"))
            .setMapping(EsciSample.MAPPING.replace("\"title\"", "\"name\"").replace("\"brand\"", "\"maker\"")
                .replace("\"price\"", "\"cost\"")));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        products.forEach((asin, source) -> {
            Map<String, Object> renamed = new LinkedHashMap<>(source);
            renamed.put("name", renamed.remove("title"));
            renamed.put("maker", renamed.remove("brand"));
            if (renamed.containsKey("price")) {
                renamed.put("cost", renamed.remove("price"));
            }
            bulk.add(client().prepareIndex("renamed").setId(asin).setSource(renamed));
        });
        var indexed = bulk.get();
        assertFalse(indexed.buildFailureMessage(), indexed.hasFailures());
        ensureGreen("renamed");
        for (RequestUser user : List.of(strictUser(), lenientUser())) {
            SearchHit[] original = firstPhase().addRescorer(rescorer(user, ScoreMode.REPLACE), WINDOW).get().getHits().getHits();
            SearchHit[] renamed = client().prepareSearch("renamed").setSearchType(SearchType.QUERY_THEN_FETCH)
                .setQuery(QueryBuilders.matchQuery("name", FIRST_PHASE_TEXT)).setSize(WINDOW)
                .addRescorer(rescorer(user, ScoreMode.REPLACE), WINDOW).get().getHits().getHits();
            assertEquals(ids(original), ids(renamed));
            for (int i = 0; i < original.length; i++) {
                assertEquals(original[i].getScore(), renamed[i].getScore(), 0f);
            }
        }
    }

    public void testExplainEqualsScore() throws Exception {
        indexProducts();
        for (RequestUser user : java.util.Arrays.asList(strictUser(), null)) {
            SearchResponse response = firstPhase().setExplain(true).addRescorer(rescorer(user, ScoreMode.TOTAL), WINDOW).get();
            assertEquals(WINDOW, response.getHits().getHits().length);
            for (SearchHit hit : response.getHits().getHits()) {
                Explanation explanation = hit.getExplanation();
                assertEquals(hit.getId(), hit.getScore(), explanation.getValue().floatValue(), 0f);
                String text = explanation.toString();
                assertTrue(text, explanation.getDescription().startsWith("prectr [" + MODEL + "]"));
                assertTrue(text, text.contains("first-phase score"));
                assertTrue(text, text.contains("tau, the personalised relevance incentive"));
                assertTrue(text, text.contains("fused click probability"));
                assertTrue(text, text.contains("P(grade = 3)"));
                assertTrue(text, text.contains("c_0 = P(click | grade = 0)"));
                assertFalse(text, text.contains("window no longer held"));
                // total: final = first phase + model
                float firstPhase = explanation.getDetails()[0].getValue().floatValue();
                float model = explanation.getDetails()[1].getValue().floatValue();
                assertEquals(firstPhase + model, hit.getScore(), 0f);
            }
        }
    }

    public void testMalformedRequestsAndSettingsAreBadRequests() throws Exception {
        indexProducts();
        assertAcked(prepareCreate("no-model").setMapping(EsciSample.MAPPING));
        // a field the bundle reads that the index maps without doc values (settings that name no field are checked at creation)
        assertAcked(prepareCreate("unmapped").setSettings(Settings.builder().put("index.prectr.model", MODEL))
            .setMapping(EsciSample.MAPPING.replace("\"brand\": {\"type\": \"keyword\"}", "\"brand\": {\"type\": \"keyword\", \"doc_values\": false}")));
        client().prepareIndex("no-model").setId("1").setSource("title", "mens slippers").setRefreshPolicy("true").get();
        client().prepareIndex("unmapped").setId("1").setSource("title", "mens slippers").setRefreshPolicy("true").get();
        ensureGreen();

        int[] count = {0};
        Consumer<Exception> none = e -> {};
        // Request errors found on the coordinating node or on the shards.
        badSearch(count, INDEX, 10, 0, 20, rescorer(null, ScoreMode.REPLACE),
            "rescorer [window_size] is too small and should be at least the value of [from + size: 20] but was [10]");
        badSearch(count, INDEX, 10, 5, 10, rescorer(null, ScoreMode.REPLACE),
            "rescorer [window_size] is too small and should be at least the value of [from + size: 15] but was [10]");
        badSearch(count, INDEX, 1001, 0, 10, rescorer(null, ScoreMode.REPLACE),
            "[prectr] [window_size] must be at most [1000] (the setting [index.prectr.max_window_size] of index [products]) but was [1001]");
        badSearch(count, "no-model", 10, 0, 10, rescorer(null, ScoreMode.REPLACE),
            "[prectr] [model] must be given in the request or in the setting [index.prectr.model] of index [no-model]");
        badSearch(count, INDEX, 10, 0, 10, new PrectrRescorerBuilder("nope", QUERY, null, null, 1, 1),
            "[prectr] [model] bundle [nope] was not found in [prectr.model_dir] or the plugin's models folder: ");
        badSearch(count, INDEX, 10, 0, 10, rescorer(new RequestUser("u", Map.of(), List.of(new RequestHistoryEntry("q", null, 4, true))),
            ScoreMode.REPLACE), "[prectr] [user.history[0].grade] must be in [0, 4) but was [4]");
        badSearch(count, "unmapped", 10, 0, 10, rescorer(null, ScoreMode.REPLACE),
            "[prectr] the bundle reads the document field [brand] from doc values, but [brand] in index [unmapped] has none");
        // settings naming a field the mapping lacks, or of the wrong type: refused when set (FieldSettingsTests has the rest)
        badSettings(count, Settings.builder().put("index.prectr.fields.brand", "maker"), "[index.prectr.fields.brand] must name a mapped "
            + "field a bundle can read: numeric, keyword or boolean with doc values, or a text field of index [bad-" + count[0]
            + "] but the mapping has no field [maker]");
        badSettings(count, Settings.builder().put("index.prectr.embedding_field", "title").put("index.number_of_shards", 1),
            "[index.prectr.embedding_field] must name a [binary] field with [doc_values: true] of index [bad-" + (count[0]) + "] but "
                + "[title] is a [text] field without doc values");

        // Bad settings at index creation and update.
        badSettings(count, Settings.builder().put("index.prectr.model", "../etc"),
            "[index.prectr.model] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [../etc]");
        badSettings(count, Settings.builder().put("index.prectr.model", "models/esci"),
            "[index.prectr.model] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [models/esci]");
        badSettings(count, Settings.builder().put("index.prectr.max_window_size", 0),
            "Failed to parse value [0] for setting [index.prectr.max_window_size] must be >= 1");
        badSettings(count, Settings.builder().put("index.prectr.max_window_size", 10001),
            "Failed to parse value [10001] for setting [index.prectr.max_window_size] must be <= 10000");
        badSettings(count, Settings.builder().put("index.prectr.text_field", "product title"),
            "[index.prectr.text_field] must be a field name without whitespace but was [product title]");
        badSettings(count, Settings.builder().put("index.prectr.fields.brand", " "),
            "[index.prectr.fields.brand] must be a field name without whitespace but was [ ]");
        Exception update = expectThrows(Exception.class, () -> client().admin().indices().prepareUpdateSettings(INDEX)
            .setSettings(Settings.builder().put("index.prectr.embedding_field", "emb vec")).get());
        assertBadRequest(count, update, "[index.prectr.embedding_field] must be a field name without whitespace but was [emb vec]");

        // Request errors found by the parser (as a REST request would be parsed).
        badParse(count, "{\"query_text\": \"\"}", "[prectr] [query_text] must not be blank but was []");
        badParse(count, "{\"query_text\": \"q\", \"score_mode\": \"max\"}",
            "[prectr] [score_mode] must be one of [replace, multiply, total] but was [max]");
        badParse(count, "{\"query_text\": \"q\", \"colour\": 1}", "[1:91] [prectr] unknown field [colour]");
        badParse(count, "{\"query_text\": \"q\", \"model\": \"A\"}",
            "[prectr] [model] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [A]");
        assertTrue("distinct bad requests: " + count[0], count[0] >= 15);

        // A broken bundle is a server error naming the bundle (found while the coordinating node loads it in the
        // rewrite, before any shard works); the node keeps serving the good one.
        Exception broken = expectThrows(Exception.class,
            () -> firstPhase().addRescorer(new PrectrRescorerBuilder("broken", QUERY, null, null, 1, 1), 10).get());
        assertEquals(RestStatus.INTERNAL_SERVER_ERROR, ExceptionsHelper.status(broken));
        assertTrue(describe(broken), describe(broken).contains("[prectr] model bundle [broken] at ["));
        assertTrue(describe(broken), describe(broken).contains("is invalid: [manifest.json]"));
        assertEquals(10, firstPhase().setSize(10).addRescorer(rescorer(null, ScoreMode.REPLACE), 10).get().getHits().getHits().length);
    }

    private void badSearch(int[] count, String index, int window, int from, int size, PrectrRescorerBuilder rescorer, String expected) {
        Exception e = expectThrows(Exception.class, () -> client().prepareSearch(index).setQuery(QueryBuilders.matchAllQuery())
            .setFrom(from).setSize(size).addRescorer(rescorer, window).get());
        assertBadRequest(count, e, expected);
    }

    private void badSettings(int[] count, Settings.Builder settings, String expected) {
        Exception e = expectThrows(Exception.class, () -> prepareCreate("bad-" + count[0]).setSettings(settings)
            .setMapping(EsciSample.MAPPING).get());
        assertBadRequest(count, e, expected);
    }

    private void badParse(int[] count, String prectrBody, String expected) {
        String source = "{\"query\": {\"match_all\": {}}, \"rescore\": {\"window_size\": 10, \"prectr\": " + prectrBody + "}}";
        Exception e = expectThrows(Exception.class, () -> {
            try (var parser = createParser(xContentRegistry(), XContentType.JSON.xContent(), new org.opensearch.core.common.bytes.BytesArray(source))) {
                client().prepareSearch(INDEX).setSource(org.opensearch.search.builder.SearchSourceBuilder.fromXContent(parser)).get();
            }
        });
        assertBadRequest(count, e, expected);
    }

    private static void assertBadRequest(int[] count, Exception e, String expected) {
        assertEquals(describe(e), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        // A message that ends in ": " is a prefix (what follows is node-specific, e.g. folder paths).
        boolean found = messages(e).stream().anyMatch(m -> expected.endsWith(": ") ? m != null && m.startsWith(expected) : expected.equals(m));
        assertTrue("expected [" + expected + "] in: " + describe(e), found);
        count[0]++;
    }

    /** Every message in the cause chain and in the shard failures. */
    private static List<String> messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
            if (t instanceof SearchPhaseExecutionException search) {
                for (ShardSearchFailure failure : search.shardFailures()) {
                    for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
                        messages.add(c.getMessage());
                    }
                }
            }
        }
        return messages;
    }

    private static String describe(Throwable e) {
        return String.join(" | ", messages(e).stream().map(String::valueOf).toList());
    }
}
