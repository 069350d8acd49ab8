package org.prectr.opensearch.rescore;

import org.prectr.opensearch.PrectrSingleNodeTestCase;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.core.indices.breaker.CircuitBreakerService;
import org.opensearch.search.SearchHit;
import org.prectr.core.rescore.ScoreMode;
import org.prectr.opensearch.breaker.PrectrBreaker;
import org.prectr.opensearch.stats.StatsSnapshot;

/**
 * An index without stored embeddings (the README's first example) on a node: the first search encodes
 * the window's items and keeps them in the item encoding cache; the second identical search encodes
 * nothing and reads no text, and scores exactly as the first and as an index whose embeddings were
 * stored by the pipeline. The cache's bytes are in the {@code prectr} breaker and leave it with the
 * index. The scored window is kept for the fetch phase only when the search asks for explain.
 */
public class QueryTimeEncodingSingleNodeTests extends PrectrSingleNodeTestCase {

    private static final String MAPPING = """
        {"properties": {
          "title": {"type": "text"}, "brand": {"type": "keyword"}, "color": {"type": "keyword"},
          "rating": {"type": "float"}, "rating_count": {"type": "integer"}, "price": {"type": "double"},
          "is_book": {"type": "boolean"},
          "emb": {"type": "binary", "doc_values": true}, "emb_version": {"type": "keyword"},
          "emb_words": {"type": "keyword"}}}""";
    private static final String[] TITLES = {"Hydro Flask Stainless Steel Water Bottle, Wide Mouth, 32 oz",
        "Insulated water bottle without straw", "Sugar free gummy bears 12 pack", "Kids water bottle with straw, blue",
        "Stainless steel travel mug", "Glass water bottle, BPA free", "Collapsible silicone water bottle",
        "Sports bottle 1 liter", "Water bottle brush set", "Vacuum insulated tumbler with lid"};


    private StatsSnapshot stats() {
        return services().bundles().stored().stats().snapshot();
    }

    private long breakerUsed() {
        return getInstanceFromNode(CircuitBreakerService.class).getBreaker(PrectrBreaker.NAME).getUsed();
    }

    private void index(String name, boolean stored) {
        Settings.Builder settings = Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0)
            .put("index.prectr.model", MODEL);
        if (stored) {
            settings.put("index.prectr.embedding_field", "emb");
        }
        client().admin().indices().prepareCreate(name).setSettings(settings).setMapping(MAPPING).get();
        for (int i = 0; i < TITLES.length; i++) {
            Map<String, Object> source = Map.of("title", TITLES[i], "brand", i % 2 == 0 ? "Hydro Flask" : "Contigo", "color", "Blue",
                "rating", 4.0 + i / 10.0, "rating_count", 100 * i, "price", 10.0 + i, "is_book", false);
            var request = client().prepareIndex(name).setId("p" + i).setSource(source);
            if (stored) {
                request.setPipeline("embed");
            }
            request.get();
        }
        client().admin().indices().prepareRefresh(name).get();
    }

    private Map<String, Float> search(String index, boolean explain) {
        SearchResponse response = client().prepareSearch(index).setQuery(QueryBuilders.matchQuery("title", "water bottle without straw"))
            .setSize(10).setExplain(explain)
            .addRescorer(new PrectrRescorerBuilder(null, "water bottle without straw", null, ScoreMode.REPLACE, 1f, 1f), 10)
            .get();
        Map<String, Float> scores = new HashMap<>();
        for (SearchHit hit : response.getHits().getHits()) {
            scores.put(hit.getId(), hit.getScore());
        }
        return scores;
    }

    public void testTheSecondSearchWithoutStoredEmbeddingsIsServedFromTheCache() throws Exception {
        String pipeline = "{\"processors\": [{\"prectr_embedding\": {\"model\": \"" + MODEL + "\", \"field\": \"emb\"}}]}";
        assertTrue(client().admin().cluster().preparePutPipeline("embed", new BytesArray(pipeline.getBytes(StandardCharsets.UTF_8)),
            XContentType.JSON).get().isAcknowledged());
        index("plain", false);
        index("stored", true);
        long breakerBefore = breakerUsed();

        StatsSnapshot before = stats();
        Map<String, Float> first = search("plain", false);
        int hits = first.size();
        assertTrue(hits > 3);
        StatsSnapshot afterFirst = stats();
        assertEquals(hits, afterFirst.encodedNoField() - before.encodedNoField());
        assertEquals(0, afterFirst.cachedEncodings() - before.cachedEncodings());
        assertEquals(hits, services().encodings().count());
        assertTrue(services().encodings().sizeInBytes() > 0);
        assertEquals(breakerBefore + services().encodings().sizeInBytes(), breakerUsed());
        assertEquals("no explain: no window kept for the fetch phase", 0, services().windows().count());

        Map<String, Float> second = search("plain", false);
        StatsSnapshot afterSecond = stats();
        assertEquals("nothing encoded again", 0, afterSecond.encodedNoField() - afterFirst.encodedNoField());
        assertEquals(hits, afterSecond.cachedEncodings() - afterFirst.cachedEncodings());
        assertEquals(first, second);

        Map<String, Float> stored = search("stored", false);
        StatsSnapshot afterStored = stats();
        assertEquals(hits, afterStored.storedEmbeddings() - afterSecond.storedEmbeddings());
        for (Map.Entry<String, Float> e : first.entrySet()) {
            assertEquals(e.getKey(), e.getValue(), stored.get(e.getKey()), 1e-6f);
        }

        search("plain", true);
        assertEquals("explain keeps the window", 1, services().windows().count());

        client().admin().indices().prepareDelete("plain").get();
        assertBusy(() -> {
            assertEquals(0, services().encodings().count());
            assertEquals(breakerBefore, breakerUsed());
        });
    }
}
