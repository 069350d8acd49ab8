package org.prectr.opensearch.rescore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.BytesRef;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.prectr.opensearch.PrectrSingleNodeTestCase;

/**
 * A one-shard index of several segments with deleted documents ({@link #indexSegments}), and what it
 * holds read back, independently of the rescorer's own path: each live document's
 * {@code _source} by its shard-level (top-level) doc id.
 */
final class ShardFixture {

    /** The products' mapping: the fields the deterministic bundle reads. */
    static final String MAPPING = """
        {"properties": {
          "title": {"type": "text"}, "brand": {"type": "keyword"}, "color": {"type": "keyword"},
          "rating": {"type": "float"}, "rating_count": {"type": "integer"}, "price": {"type": "double"},
          "is_book": {"type": "boolean"}}}""";
    /** Refreshed batches: one segment each. */
    static final int SEGMENTS = 4;
    static final int PER_SEGMENT = 12;

    private ShardFixture() {}

    /**
     * Indexes {@link #SEGMENTS} batches of {@link #PER_SEGMENT} products, one refresh each (one segment
     * each: too few for the merge policy to merge), then deletes two documents of every batch. Some
     * products lack the numeric fields, some lack {@code is_book}.
     */
    static void indexSegments(PrectrSingleNodeTestCase test, String index) {
        test.client().admin().indices().prepareCreate(index).setSettings(Settings.builder().put("index.number_of_shards", 1)
            .put("index.number_of_replicas", 0).put("index.prectr.model", PrectrSingleNodeTestCase.MODEL)).setMapping(MAPPING).get();
        for (int s = 0; s < SEGMENTS; s++) {
            for (int i = 0; i < PER_SEGMENT; i++) {
                int n = s * PER_SEGMENT + i;
                StringBuilder source = new StringBuilder("{\"title\": \"slippers model " + n + (n % 2 == 0 ? " mens" : " womens")
                    + "\", \"brand\": \"brand" + (n % 5) + "\"");
                if (n % 7 != 3) {
                    source.append(", \"rating\": ").append(1 + (n % 40) / 10f).append(", \"rating_count\": ").append(n * 13)
                        .append(", \"price\": ").append(n * 1.25 + 0.5);
                }
                if (n % 4 != 1) {
                    source.append(", \"is_book\": ").append(n % 3 == 0);
                }
                source.append('}');
                test.client().prepareIndex(index).setId("p" + n).setSource(source.toString(), XContentType.JSON).get();
            }
            test.client().admin().indices().prepareRefresh(index).get();
        }
        for (int s = 0; s < SEGMENTS; s++) {
            test.client().prepareDelete(index, "p" + (s * PER_SEGMENT + 2)).get();
            test.client().prepareDelete(index, "p" + (s * PER_SEGMENT + 7)).get();
        }
        test.client().admin().indices().prepareRefresh(index).get();
    }

    /** @return per live top-level doc id, its {@code _source} as a map */
    static Map<Integer, Map<String, Object>> liveSources(IndexSearcher searcher) throws IOException {
        Map<Integer, Map<String, Object>> sources = new HashMap<>();
        ScoreDoc[] all = searcher.search(new MatchAllDocsQuery(), Math.max(1, searcher.getIndexReader().maxDoc())).scoreDocs;
        for (ScoreDoc hit : all) {
            BytesRef source = searcher.storedFields().document(hit.doc).getBinaryValue("_source");
            sources.put(hit.doc, XContentHelper.convertToMap(new BytesArray(source), false, XContentType.JSON).v2());
        }
        return sources;
    }

    /** @return the live doc ids, ascending */
    static List<Integer> liveDocs(Map<Integer, Map<String, Object>> sources) {
        List<Integer> docs = new ArrayList<>(sources.keySet());
        docs.sort(null);
        return docs;
    }
}
