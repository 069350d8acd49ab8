package org.prectr.opensearch.personal;

import org.prectr.opensearch.PrectrIntegTestCase;
import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.search.SearchRequestBuilder;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchType;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.PluginsService;
import org.opensearch.search.SearchHit;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.prectr.onnx.DeterministicBundleWriter;
import org.prectr.opensearch.PrectrPlugin;
import org.prectr.opensearch.TestProducts;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.rescore.RequestHistoryEntry;
import org.prectr.opensearch.rescore.RequestUser;
import org.prectr.opensearch.stats.PreparationStats;
import org.prectr.opensearch.stats.StatsAction;

/**
 * Personalisation on an in-JVM cluster (2 data nodes) with the deterministic bundle: the per-request
 * work runs once on the coordinating node (a 5-shard index encodes the query once per search, with
 * the same scores as the per-shard path), a request with only {@code user.id} reads the user's clicks
 * from the UBI indexes and infers their grades (a strict and a lenient shopper get different orders),
 * bundles load on the plugin's pool and never on a search thread, and bad history settings and
 * indexes are 400s naming the field and the value.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2)
public class PersonalisationClusterTests extends PrectrIntegTestCase {

    private static final String LATE_MODEL = "esci-late";
    private static final String FIRST_PHASE_TEXT = "mens slippers sandals for women";
    private static final int WINDOW = 8;

    /** The UBI plugin's mappings (the fields the lookup reads). */
    static final String UBI_EVENTS_MAPPING = """
        {"properties": {"application": {"type": "keyword"}, "action_name": {"type": "keyword"}, "client_id": {"type": "keyword"},
          "query_id": {"type": "keyword"}, "user_query": {"type": "keyword"}, "message_type": {"type": "keyword"},
          "timestamp": {"type": "date"},
          "event_attributes": {"properties": {"object": {"properties": {"object_id": {"type": "keyword"},
            "object_id_field": {"type": "keyword"}}}, "position": {"properties": {"ordinal": {"type": "integer"}}}}}}}""";
    static final String UBI_QUERIES_MAPPING = """
        {"properties": {"query_id": {"type": "keyword"}, "user_query": {"type": "keyword"}, "client_id": {"type": "keyword"},
          "query_response_hit_ids": {"type": "keyword"}, "timestamp": {"type": "date"}}}""";

    @Override
    protected void writeModels(Path models) throws IOException {
        DeterministicBundleWriter.write(models, MODEL);
        DeterministicBundleWriter.write(models, LATE_MODEL);
    }

    private Map<String, Map<String, Object>> products(String index, int shards, Settings.Builder extra) throws IOException {
        Map<String, Map<String, Object>> products = TestProducts.products();
        assertAcked(prepareCreate(index).setSettings(Settings.builder().put("index.number_of_shards", shards)
            .put("index.number_of_replicas", 0).put("index.prectr.model", MODEL).put(extra.build())).setMapping(TestProducts.MAPPING));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        products.forEach((asin, source) -> bulk.add(client().prepareIndex(index).setId(asin).setSource(source)));
        assertFalse(bulk.get().hasFailures());
        ensureGreen(index);
        return products;
    }

    /** One coordinating node for every search of a test, so that its node caches are the ones counted. */
    private String coordinator;

    private SearchRequestBuilder search(String index, PrectrRescorerBuilder rescorer) {
        if (coordinator == null) {
            coordinator = internalCluster().getNodeNames()[0];
        }
        return client(coordinator).prepareSearch(index).setSearchType(SearchType.QUERY_THEN_FETCH)
            .setQuery(QueryBuilders.matchQuery("title", FIRST_PHASE_TEXT)).setSize(WINDOW).addRescorer(rescorer, WINDOW);
    }

    private static PreparationStats.Snapshot stats() {
        long[] sum = new long[12];
        for (StatsAction.NodeResponse node : client().execute(StatsAction.INSTANCE, new StatsAction.NodesRequest()).actionGet().getNodes()) {
            PreparationStats.Snapshot s = node.stats().preparation();
            long[] v = {s.coordinatorPrepares(), s.shardPrepares(), s.queryEncoderCalls(), s.queryTextsEncoded(), s.encodingCacheHits(),
                s.historyLookups(), s.historyEventsRead(), s.historyMalformedEvents(), s.historyLookupsDenied(), s.historyLookupsFailed(),
                s.gradesInferred(), s.gradeCacheHits()};
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        }
        return new PreparationStats.Snapshot(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8], sum[9], sum[10],
            sum[11]);
    }

    public void testFiveShardsEncodeTheQueryOnceWithThePerShardScores() throws Exception {
        products("five", 5, Settings.builder());
        RequestUser user = new RequestUser("strict", Map.of("segment", "returning"), List.of(
            new RequestHistoryEntry("slippers for men", null, 3, true), new RequestHistoryEntry("warm house shoes", null, 2, true)));
        PrectrRescorerBuilder rescorer = new PrectrRescorerBuilder(null, "slippers for men", user, null, 1, 1);

        PreparationStats.Snapshot before = stats();
        SearchResponse once = search("five", rescorer).get();
        PreparationStats.Snapshot after = stats();
        assertEquals(5, once.getTotalShards());
        assertEquals("prepared once, on the coordinating node", 1, after.coordinatorPrepares() - before.coordinatorPrepares());
        assertEquals("no shard prepared", 0, after.shardPrepares() - before.shardPrepares());
        assertEquals("one query-encoder call for the query and the two history queries", 1,
            after.queryEncoderCalls() - before.queryEncoderCalls());
        assertEquals(2, after.queryTextsEncoded() - before.queryTextsEncoded());   // "slippers for men" twice: encoded once

        // the same search again: the encodings come from the node's cache
        before = stats();
        search("five", rescorer).get();
        after = stats();
        assertEquals(0, after.queryEncoderCalls() - before.queryEncoderCalls());

        // the per-shard path: each shard encodes; the scores are the same
        assertAcked(client().admin().indices().prepareUpdateSettings("five")
            .setSettings(Settings.builder().put("index.prectr.prepare_on_coordinator", false)));
        before = stats();
        SearchResponse perShard = search("five", rescorer).get();
        after = stats();
        assertEquals(5, after.shardPrepares() - before.shardPrepares());
        assertEquals(5, after.queryEncoderCalls() - before.queryEncoderCalls());
        assertEquals(ids(perShard.getHits().getHits()), ids(once.getHits().getHits()));
        for (int i = 0; i < WINDOW; i++) {
            assertEquals(perShard.getHits().getHits()[i].getScore(), once.getHits().getHits()[i].getScore(), 1e-6f);
        }
        String explain = search("five", rescorer).setExplain(true).get().getHits().getHits()[0].getExplanation().getDescription();
        assertTrue(explain, explain.contains("prepared [on shard]"));
    }

    public void testOnlyAUserIdReadsTheUsersClicksFromUbi() throws Exception {
        Map<String, Map<String, Object>> products = products("shop", 3, Settings.builder());
        createUbiIndexes();
        List<String> exact = titled(products, "Slipper", "Men");
        List<String> other = titled(products, "Sandal", "Women");
        long now = System.currentTimeMillis();
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < 3; i++) {
            // the strict shopper clicks exact matches, the lenient one whatever is shown
            click(bulk, "strict-7", "q-s" + i, "mens slippers", exact.get(i), now - 60_000L * (10 - i), true);
            click(bulk, "lenient-9", "q-l" + i, "mens slippers", other.get(i), now - 60_000L * (10 - i), i == 0);
        }
        // malformed: no object id; and one event older than max_age
        bulk.add(client().prepareIndex("ubi_events").setSource(Map.of("action_name", "click", "client_id", "lenient-9",
            "user_query", "mens slippers", "timestamp", Instant.ofEpochMilli(now - 1000).toString())));
        click(bulk, "lenient-9", "q-old", "mens slippers", exact.get(0), now - 400L * 24 * 3600 * 1000, true);
        var loaded = bulk.get();
        assertFalse(loaded.buildFailureMessage(), loaded.hasFailures());

        PreparationStats.Snapshot before = stats();
        SearchResponse strict = search("shop", userOnly("strict-7")).setExplain(true).get();
        SearchResponse lenient = search("shop", userOnly("lenient-9")).setExplain(true).get();
        SearchResponse anonymous = search("shop", new PrectrRescorerBuilder(null, "mens slippers", null, null, 1, 1)).get();
        PreparationStats.Snapshot after = stats();

        assertNotEquals("strict and lenient shoppers get different orders", ids(strict.getHits().getHits()), ids(lenient.getHits().getHits()));
        assertNotEquals(ids(anonymous.getHits().getHits()), ids(strict.getHits().getHits()));
        String strictExplain = strict.getHits().getHits()[0].getExplanation().getDescription();
        assertTrue(strictExplain, strictExplain.contains("user [strict-7]"));
        assertTrue(strictExplain, strictExplain.contains("history [ubi] entries [3] inferred grades [3]"));
        String lenientExplain = lenient.getHits().getHits()[0].getExplanation().getDescription();
        assertTrue(lenientExplain, lenientExplain.contains("history [ubi] entries [3] inferred grades [3]"));
        assertEquals(2, after.historyLookups() - before.historyLookups());
        assertEquals(6, after.historyEventsRead() - before.historyEventsRead());
        assertEquals("the event without an object id", 1, after.historyMalformedEvents() - before.historyMalformedEvents());
        assertEquals(6, after.gradesInferred() + after.gradeCacheHits() - before.gradesInferred() - before.gradeCacheHits());

        // the inferred grades: the strict shopper's clicks are exact matches (r_u on the top grade), the
        // lenient one's are not (r_u mostly below it); r_u is a feature of the deterministic bundle
        var strictHit = strict.getHits().getHits()[0].getExplanation();
        var lenientHit = lenient.getHits().getHits()[0].getExplanation();
        assertTrue(strictExplain, feature(strictHit, "r_user_3") > 0.5);
        assertTrue(lenientExplain, feature(lenientHit, "r_user_3") < 0.5);
        assertEquals(1.0, feature(strictHit, "r_user_0") + feature(strictHit, "r_user_1") + feature(strictHit, "r_user_2")
            + feature(strictHit, "r_user_3"), 1e-5);

        // inline history without grades: the items are read and graded the same way (from the grade cache now)
        before = stats();
        SearchResponse inline = search("shop", new PrectrRescorerBuilder(null, "mens slippers", new RequestUser("strict-7", Map.of(),
            exact.subList(0, 3).stream().map(id -> new RequestHistoryEntry("mens slippers", id, null, true)).toList()), null, 1, 1)).get();
        after = stats();
        assertEquals(ids(strict.getHits().getHits()), ids(inline.getHits().getHits()));
        assertEquals(3, after.gradeCacheHits() - before.gradeCacheHits());
        assertEquals(0, after.historyLookups() - before.historyLookups());

        // a user with no events, and an index whose UBI indexes do not exist: anonymous, not an error
        SearchResponse unknown = search("shop", userOnly("nobody")).setExplain(true).get();
        assertEquals(ids(anonymous.getHits().getHits()), ids(unknown.getHits().getHits()));
        assertTrue(unknown.getHits().getHits()[0].getExplanation().getDescription().contains("history [none] entries [0]"));
        products("shop-no-ubi", 2, Settings.builder().put("index.prectr.history.events_index", "no_such_events")
            .put("index.prectr.history.queries_index", "no_such_queries"));
        assertEquals(WINDOW, search("shop-no-ubi", userOnly("strict-7")).get().getHits().getHits().length);
    }

    public void testBadHistoryInputIsABadRequestAndTheNodeKeepsServing() throws Exception {
        products("guarded", 2, Settings.builder().put("index.prectr.history.events_index", "not_ubi"));
        assertAcked(prepareCreate("not_ubi").setMapping("{\"properties\": {\"client_id\": {\"type\": \"text\"}}}"));
        assertBadRequest(expectThrows(Exception.class, () -> search("guarded", userOnly("u-1")).get()),
            "[prectr] [index.prectr.history.events_index] of index [guarded] names [not_ubi], which is not shaped as User Behavior "
                + "Insights writes it: [client_id] must be mapped as [constant_keyword or keyword] but is [text]");
        assertBadRequest(expectThrows(Exception.class, () -> search("guarded", userOnly("x".repeat(257))).get()),
            "[prectr] [user.id] must have at most [256] characters but had [257]");
        assertBadRequest(expectThrows(Exception.class, () -> client().admin().indices().prepareUpdateSettings("guarded")
            .setSettings(Settings.builder().put("index.prectr.history.max_entries", 101)).get()),
            "Failed to parse value [101] for setting [index.prectr.history.max_entries] must be <= 100");
        assertBadRequest(expectThrows(Exception.class, () -> client().admin().indices().prepareUpdateSettings("guarded")
            .setSettings(Settings.builder().put("index.prectr.history.max_entries", 0)).get()),
            "Failed to parse value [0] for setting [index.prectr.history.max_entries] must be >= 1");
        assertBadRequest(expectThrows(Exception.class, () -> client().admin().indices().prepareUpdateSettings("guarded")
            .setSettings(Settings.builder().put("index.prectr.history.events_index", "ubi_*")).get()),
            "[index.prectr.history.events_index] must be one index or alias name (lower case, no wildcard or comma) but was [ubi_*]");
        // the node keeps serving: without a user id no lookup runs
        assertEquals(WINDOW, search("guarded", new PrectrRescorerBuilder(null, "mens slippers", null, null, 1, 1)).get()
            .getHits().getHits().length);
    }

    public void testBundlesLoadOnThePluginsPoolNeverOnASearchThread() throws Exception {
        products("late", 3, Settings.builder());
        assertEquals(WINDOW, search("late", new PrectrRescorerBuilder(LATE_MODEL, "mens slippers", null, null, 1, 1)).get()
            .getHits().getHits().length);
        int loaded = 0;
        for (PluginsService plugins : internalCluster().getInstances(PluginsService.class)) {
            for (PrectrPlugin plugin : plugins.filterPlugins(PrectrPlugin.class)) {
                String thread = plugin.services().bundles().loadThread(LATE_MODEL);
                if (thread != null) {
                    loaded++;
                    assertTrue(thread, thread.contains("[" + RequestPreparer.THREAD_POOL + "]"));
                }
            }
        }
        assertTrue("loaded on the coordinating node at least", loaded >= 1);
    }

    private static PrectrRescorerBuilder userOnly(String id) {
        return new PrectrRescorerBuilder(null, "mens slippers", new RequestUser(id, Map.of(), List.of()), null, 1, 1);
    }

    private void createUbiIndexes() {
        assertAcked(prepareCreate("ubi_events").setMapping(UBI_EVENTS_MAPPING));
        assertAcked(prepareCreate("ubi_queries").setMapping(UBI_QUERIES_MAPPING));
    }

    /** A UBI query document and its click event; the event carries its query text or (withText false) only its query id. */
    private static void click(BulkRequestBuilder bulk, String user, String queryId, String query, String item, long millis,
                              boolean withText) {
        String time = Instant.ofEpochMilli(millis).toString();
        bulk.add(client().prepareIndex("ubi_queries").setSource(Map.of("query_id", queryId, "user_query", query, "client_id", user,
            "query_response_hit_ids", List.of(item), "timestamp", time)));
        Map<String, Object> event = new java.util.HashMap<>(Map.of("action_name", "click", "client_id", user, "query_id", queryId,
            "timestamp", time, "event_attributes", Map.of("object", Map.of("object_id", item), "position", Map.of("ordinal", 1))));
        if (withText) {
            event.put("user_query", query);
        }
        bulk.add(client().prepareIndex("ubi_events").setSource(event));
    }

    private static List<String> titled(Map<String, Map<String, Object>> products, String... words) {
        List<String> ids = new ArrayList<>();
        products.forEach((id, source) -> {
            String title = String.valueOf(source.get("title"));
            if (java.util.Arrays.stream(words).allMatch(title::contains)) {
                ids.add(id);
            }
        });
        assertTrue("at least 3 products titled " + List.of(words) + ": " + ids, ids.size() >= 3);
        return ids;
    }

    /** A feature's value in a hit's explanation (the features are listed by name). */
    private static double feature(org.apache.lucene.search.Explanation explanation, String name) {
        if (explanation.getDescription().equals(name)) {
            return explanation.getValue().doubleValue();
        }
        for (org.apache.lucene.search.Explanation detail : explanation.getDetails()) {
            double value = feature(detail, name);
            if (Double.isNaN(value) == false) {
                return value;
            }
        }
        return Double.NaN;
    }

    private static List<String> ids(SearchHit[] hits) {
        return java.util.Arrays.stream(hits).map(SearchHit::getId).toList();
    }

    private static void assertBadRequest(Exception e, String expected) {
        assertEquals(String.valueOf(e), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
            if (t instanceof org.opensearch.action.search.SearchPhaseExecutionException search) {
                for (var failure : search.shardFailures()) {
                    for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
                        messages.add(c.getMessage());
                    }
                }
            }
        }
        assertTrue("expected [" + expected + "] in " + messages, messages.contains(expected));
    }
}
