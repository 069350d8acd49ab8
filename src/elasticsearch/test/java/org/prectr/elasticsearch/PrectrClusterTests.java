package org.prectr.elasticsearch;

import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertAcked;
import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertNoFailuresAndResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.search.Explanation;
import org.elasticsearch.ExceptionsHelper;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.search.SearchRequestBuilder;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.xcontent.XContentType;
import org.prectr.core.rescore.ScoreMode;
import org.prectr.elasticsearch.rescore.PrectrRescorerBuilder;
import org.prectr.elasticsearch.rescore.RequestHistoryEntry;
import org.prectr.elasticsearch.rescore.RequestUser;

/**
 * The rescorer on a 2-node in-JVM Elasticsearch 8.19 cluster, on JDK 17,
 * serving the default bundle esci-v2 to an index of 2 shards with 113 real ESCI products: the window is
 * reordered, explain equals the score and decomposes it, and requests that do not fit the index or the
 * bundle are 400s naming the field.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0)
public class PrectrClusterTests extends ESIntegTestCase {

    private static final String INDEX = "products";
    private static final String MODEL = "esci-v2";
    private static final String QUERY = "mens slippers";
    private static final int WINDOW = 20;
    private static final String MAPPING = """
        {"properties": {
          "asin": {"type": "keyword"}, "title": {"type": "text"}, "brand": {"type": "keyword"},
          "color": {"type": "keyword"}, "rating": {"type": "float"}, "rating_count": {"type": "integer"},
          "price": {"type": "double"}, "is_book": {"type": "boolean"}}}""";

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(PrectrPlugin.class);
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
        // the default bundle, copied by Maven to target/test-classes/bundles (on the classpath: readable)
        Path bundles;
        try {
            bundles = Path.of(PrectrClusterTests.class.getResource("/bundles/" + MODEL + "/manifest.json").toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        return Settings.builder().put(super.nodeSettings(nodeOrdinal, otherSettings)).put("prectr.model_dir", bundles.toString()).build();
    }

    private void indexProducts() throws IOException {
        assertAcked(indicesAdmin().prepareCreate(INDEX)
            .setSettings(Settings.builder().put("index.number_of_shards", 2).put("index.number_of_replicas", 0)
                .put("index.prectr.model", MODEL))
            .setMapping(MAPPING));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        try (InputStream in = PrectrClusterTests.class.getResourceAsStream("/esci-sample.ndjson");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int id = 0;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() == false) {
                    bulk.add(prepareIndex(INDEX).setId(Integer.toString(id++)).setSource(line, XContentType.JSON));
                }
            }
        }
        assertFalse(bulk.get().hasFailures());
        ensureGreen(INDEX);
    }

    /** The builder bound to the coordinating node's services, as the node's JSON parser binds it. */
    private static PrectrRescorerBuilder bound(String node, PrectrRescorerBuilder request) {
        PluginsService plugins = internalCluster().getInstance(PluginsService.class, node);
        return request.bindTo(plugins.filterPlugins(PrectrPlugin.class).findFirst().orElseThrow().services());
    }

    private static RequestUser strictUser() {
        return new RequestUser("strict-shopper", java.util.Map.of("segment", "returning"),
            List.of(new RequestHistoryEntry(QUERY, null, 3, true), new RequestHistoryEntry(QUERY, "B0", 1, false),
                new RequestHistoryEntry(QUERY, null, 3, true)));
    }

    private static SearchRequestBuilder search(String node, PrectrRescorerBuilder rescore) {
        SearchRequestBuilder search = client(node).prepareSearch(INDEX).setQuery(QueryBuilders.matchQuery("title", QUERY)).setSize(10);
        if (rescore != null) {
            search.addRescorer(bound(node, rescore), WINDOW);
        }
        return search;
    }

    public void testRescoreExplainAndBadRequests() throws Exception {
        // surefire forks the JDK 17 that Elasticsearch 8.19 nodes run on (entitlements, which replaced the
        // Security Manager in 8.19, are enforced on the real node of integ-test/run-es.sh)
        assertEquals(17, Runtime.version().feature());
        indexProducts();
        String node = internalCluster().getRandomNodeName();
        List<String> bm25 = new ArrayList<>();
        assertNoFailuresAndResponse(search(node, null), r -> r.getHits().forEach(h -> bm25.add(h.getId())));

        PrectrRescorerBuilder request = new PrectrRescorerBuilder(null, QUERY, strictUser(), null, 1f, 1f);
        List<String> rescored = new ArrayList<>();
        assertNoFailuresAndResponse(search(node, request).setExplain(true), response -> {
            float previous = Float.MAX_VALUE;
            for (SearchHit hit : response.getHits()) {
                rescored.add(hit.getId());
                assertTrue("model score in (0, 1): " + hit.getScore(), hit.getScore() > 0 && hit.getScore() < 1);
                assertTrue("sorted by score", hit.getScore() <= previous);
                previous = hit.getScore();
                Explanation e = hit.getExplanation();
                assertEquals(hit.getScore(), e.getValue().floatValue(), 1e-6f);
                assertTrue(e.getDescription(), e.getDescription().startsWith("prectr [" + MODEL + "] version ["));
                assertTrue(e.getDescription(), e.getDescription().contains("user [strict-shopper] score_mode [replace]"));
                Explanation model = e.getDetails()[1];
                // model score = sigmoid(logit(sum_i c_i p_i) + tau), recomputed from the explanation's own parts
                double fused = 0;
                for (Explanation grade : model.getDetails()[0].getDetails()) {
                    fused += grade.getDetails()[0].getValue().doubleValue() * grade.getDetails()[1].getValue().doubleValue();
                }
                double tau = model.getDetails()[1].getValue().doubleValue();
                double expected = 1 / (1 + (1 - fused) / fused * Math.exp(-tau));
                assertEquals(expected, model.getValue().doubleValue(), 1e-4);
                assertEquals(hit.getScore(), model.getValue().floatValue(), 1e-6f);
                assertEquals(22, model.getDetails()[2].getDetails().length); // the bundle's 22 features, by name
            }
        });
        assertEquals(10, rescored.size());
        assertNotEquals("the rescore kept the BM25 order", bm25, rescored);

        // score_mode total with weights: score = query_weight x first phase + rescore_weight x model
        PrectrRescorerBuilder total = new PrectrRescorerBuilder(MODEL, QUERY, null, ScoreMode.TOTAL, 0.5f, 2f);
        assertNoFailuresAndResponse(search(node, total).setExplain(true), response -> {
            for (SearchHit hit : response.getHits()) {
                Explanation[] parts = hit.getExplanation().getDetails();
                assertEquals(0.5f * parts[0].getValue().floatValue() + 2f * parts[1].getValue().floatValue(), hit.getScore(), 1e-5f);
            }
        });

        assertBadRequest(search(node, new PrectrRescorerBuilder(null, QUERY,
            new RequestUser(null, null, List.of(new RequestHistoryEntry("slippers", null, 9, true))), null, 1f, 1f)),
            "[prectr] [user.history[0].grade] must be in [0, 4) but was [9]");
        assertBadRequest(search(node, new PrectrRescorerBuilder("no-such-bundle", QUERY, null, null, 1f, 1f)),
            "[prectr] [model] bundle [no-such-bundle] was not found");
        assertAcked(indicesAdmin().prepareUpdateSettings(INDEX).setSettings(Settings.builder().put("index.prectr.max_window_size", 5)));
        assertBadRequest(search(node, request), "[prectr] [window_size] must be at most [5] (the setting [index.prectr.max_window_size]");
    }

    private static void assertBadRequest(SearchRequestBuilder search, String message) {
        Exception e = expectThrows(Exception.class, search::get);
        assertEquals(RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        Throwable cause = ExceptionsHelper.unwrapCause(e);
        String detail = cause.getMessage() + " " + (cause.getCause() == null ? "" : cause.getCause().getMessage());
        assertTrue(e + " : " + detail, ExceptionsHelper.stackTrace(e).contains(message));
    }
}
