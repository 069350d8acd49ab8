package org.prectr.opensearch.ingest;

import org.prectr.core.features.MatchFeatures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.opensearch.PrectrSingleNodeTestCase;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.core.rescore.ScoreMode;
import org.prectr.opensearch.stats.StatsSnapshot;

/**
 * The processor and the rescorer together on a node: a pipeline writes the embedding at index time,
 * and the rescorer uses a stored embedding only when it is fresh (bundle version) and well formed. Five
 * documents share one source; they differ only in what their embedding fields hold. A stored embedding
 * the rescorer wrongly trusted would change the score, so equal scores prove that stale, malformed and
 * missing embeddings were replaced by query-time encoding of the same text, and a different score for
 * a deliberately wrong but "fresh" embedding proves that stored embeddings are read at all.
 */
public class EmbeddingIngestSingleNodeTests extends PrectrSingleNodeTestCase {

    private static final String INDEX = "items";
    private static final String MAPPING = """
        {"properties": {
          "title": {"type": "text"}, "brand": {"type": "keyword"}, "color": {"type": "keyword"},
          "rating": {"type": "float"}, "rating_count": {"type": "integer"}, "price": {"type": "double"},
          "is_book": {"type": "boolean"},
          "emb": {"type": "binary", "doc_values": true}, "emb_version": {"type": "keyword"},
          "emb_words": {"type": "keyword"}}}""";

    private ModelBundle bundle() {
        return services().bundles().acquire(MODEL);
    }

    public void testRescorerTrustsOnlyFreshWellFormedEmbeddings() throws Exception {
        client().admin().indices().prepareCreate(INDEX).setSettings(Settings.builder().put("index.number_of_shards", 1)
            .put("index.number_of_replicas", 0).put("index.prectr.model", MODEL).put("index.prectr.embedding_field", "emb"))
            .setMapping(MAPPING).get();
        String pipeline = "{\"processors\": [{\"prectr_embedding\": {\"model\": \"" + MODEL + "\", \"field\": \"emb\"}}]}";
        assertTrue(client().admin().cluster().preparePutPipeline("embed", new BytesArray(pipeline.getBytes(StandardCharsets.UTF_8)),
            XContentType.JSON).get().isAcknowledged());

        Map<String, Object> source = Map.of("title", "Hydro Flask Stainless Steel Water Bottle, Wide Mouth, 32 oz",
            "brand", "Hydro Flask", "color", "Blue", "rating", 4.8, "rating_count", 5120, "price", 39.95, "is_book", false);
        ModelBundle bundle = bundle();
        int dim = bundle.manifest().embeddingDim();
        String version = bundle.manifest().version();
        // the embedding of an unrelated text: a rescorer that trusted it would score the hit differently
        float[] unrelated = bundle.model().encodeItems(bundle.tokenizer().encodeBatch(List.of("paperback mystery novel"),
            bundle.manifest().tokenizer().itemMaxLength()));
        String wrong = StoredEmbedding.toBase64(unrelated, 0, dim);

        client().prepareIndex(INDEX).setId("fresh").setSource(source).setPipeline("embed").get();
        client().prepareIndex(INDEX).setId("stale").setSource(with(source, wrong, "older-0")).get();
        client().prepareIndex(INDEX).setId("wrong-but-fresh").setSource(with(source, wrong, version)).get();
        client().prepareIndex(INDEX).setId("malformed").setSource(with(source, Base64.getEncoder().encodeToString(new byte[8]),
            version)).get();
        // a fresh embedding with the match keywords of another text: a rescorer that reads them scores differently
        Map<String, Object> otherWords = with(source, StoredEmbedding.toBase64(bundle.model().encodeItems(bundle.tokenizer()
            .encodeBatch(List.of((String) source.get("title")), bundle.manifest().tokenizer().itemMaxLength())), 0, dim), version);
        otherWords.put("emb_words", new MatchFeatures().itemKeywords("insulated water bottle"));
        client().prepareIndex(INDEX).setId("other-words").setSource(otherWords).get();
        // correct length and version, but values that are not finite or out of any sane range (indexed with
        // ?pipeline=_none, as a broken producer or a manual write would): encoded at query time and counted
        float[] nan = new float[dim];
        java.util.Arrays.fill(nan, Float.NaN);
        float[] huge = new float[dim];
        java.util.Arrays.fill(huge, 1e38f);
        float[] infinite = expected(bundle, (String) source.get("title"));
        infinite[dim - 1] = Float.NEGATIVE_INFINITY;
        client().prepareIndex(INDEX).setId("nan").setSource(with(source, StoredEmbedding.toBase64(nan, 0, dim), version)).get();
        client().prepareIndex(INDEX).setId("huge").setSource(with(source, StoredEmbedding.toBase64(huge, 0, dim), version)).get();
        client().prepareIndex(INDEX).setId("infinite").setSource(with(source, StoredEmbedding.toBase64(infinite, 0, dim), version)).get();
        client().prepareIndex(INDEX).setId("missing").setSource(source)
            .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get();

        Map<String, Object> stored = client().prepareGet(INDEX, "fresh").get().getSourceAsMap();
        assertEquals(version, stored.get("emb_version"));
        assertEquals(new MatchFeatures().itemKeywords((String) source.get("title")), stored.get("emb_words"));
        float[] fresh = StoredEmbedding.fromBytes(Base64.getDecoder().decode((String) stored.get("emb")), dim);
        float[] expected = bundle.model().encodeItems(bundle.tokenizer().encodeBatch(List.of((String) source.get("title")),
            bundle.manifest().tokenizer().itemMaxLength()));
        for (int d = 0; d < dim; d++) {
            assertEquals(expected[d], fresh[d], 1e-6f);
        }

        StatsSnapshot before = stats();
        SearchResponse response = client().prepareSearch(INDEX).setQuery(QueryBuilders.matchAllQuery()).setSize(10)
            .addRescorer(new PrectrRescorerBuilder(null, "insulated water bottle", null, ScoreMode.REPLACE, 1f, 1f), 10)
            .get();
        Map<String, Float> scores = new HashMap<>();
        for (SearchHit hit : response.getHits().getHits()) {
            scores.put(hit.getId(), hit.getScore());
        }
        assertEquals(0, response.getFailedShards());
        assertEquals(9, scores.size());
        logger.info("scores by document: {}", scores);
        float reference = scores.get("fresh");
        assertEquals("stale embedding must be re-encoded", reference, scores.get("stale"), 1e-6f);
        assertEquals("malformed embedding must be re-encoded", reference, scores.get("malformed"), 1e-6f);
        assertEquals("missing embedding must be encoded", reference, scores.get("missing"), 1e-6f);
        for (String id : List.of("nan", "huge", "infinite")) {
            assertEquals(id + " embedding must be re-encoded", reference, scores.get(id), 1e-6f);
        }
        StatsSnapshot after = stats();
        assertEquals("malformed, nan, huge, infinite", 4, after.malformedEmbeddings() - before.malformedEmbeddings());
        assertEquals("the malformed ones and missing, stale", 6, after.encodedMissingOrStale() - before.encodedMissingOrStale());
        assertEquals(0, after.unscoredHits() - before.unscoredHits());
        assertNotEquals("a fresh stored embedding must be used as stored", reference, scores.get("wrong-but-fresh"), 1e-4f);
        // "fresh" (stored keywords of its own title) equals "missing" (text from _source): the keyword path
        // gives the text path's features; other stored keywords change the score, so they are read
        assertNotEquals("stored match keywords must be used", reference, scores.get("other-words"), 1e-4f);
    }

    public void testPipelineWithAnUnknownModelIsRefused() {
        String pipeline = "{\"processors\": [{\"prectr_embedding\": {\"model\": \"nope\", \"field\": \"emb\"}}]}";
        Exception e = expectThrows(Exception.class, () -> client().admin().cluster().preparePutPipeline("bad",
            new BytesArray(pipeline.getBytes(StandardCharsets.UTF_8)), XContentType.JSON).get());
        assertTrue(e.getMessage(), e.getMessage().contains("[model] bundle [nope] cannot be used"));
        assertEquals(org.opensearch.core.rest.RestStatus.BAD_REQUEST, org.opensearch.ExceptionsHelper.status(e));
    }

    private static float[] expected(ModelBundle bundle, String text) {
        return bundle.model().encodeItems(bundle.tokenizer().encodeBatch(List.of(text), bundle.manifest().tokenizer().itemMaxLength()));
    }

    private StatsSnapshot stats() {
        return services().bundles().stored()
            .stats().snapshot();
    }

    private static Map<String, Object> with(Map<String, Object> source, String embedding, String version) {
        Map<String, Object> copy = new HashMap<>(source);
        copy.put("emb", embedding);
        copy.put("emb_version", version);
        return copy;
    }
}
