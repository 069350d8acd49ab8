package org.prectr.elasticsearch.rescore;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.rescore.RescoreContext;
import org.elasticsearch.search.rescore.Rescorer;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.inference.InferenceException;
import org.prectr.core.inference.PreparedQuery;
import org.prectr.core.inference.ScoredWindow;
import org.prectr.core.rescore.RescoredWindow;
import org.prectr.core.rescore.WindowOrder;

/**
 * Executes a {@code prectr} rescore on one shard, as the OpenSearch plugin does: per shard request it
 * prepares the query once, reads the window's document fields in docId order, runs ONE scorer call for
 * the whole window, combines the scores with {@code score_mode} and reorders with the core's
 * {@link WindowOrder}. What ONNX Runtime may do in the node is the plugin's entitlement-policy.yaml.
 */
public final class PrectrRescorer implements Rescorer {

    /** The one instance. */
    public static final PrectrRescorer INSTANCE = new PrectrRescorer();

    private PrectrRescorer() {}

    @Override
    public TopDocs rescore(TopDocs topDocs, IndexSearcher searcher, RescoreContext rescoreContext) throws IOException {
        PrectrRescoreContext context = (PrectrRescoreContext) rescoreContext;
        int rows = Math.min(context.getWindowSize(), topDocs.scoreDocs.length);
        if (rows == 0) {
            return topDocs;
        }
        ScoreDoc[] hits = topDocs.scoreDocs;
        ScoreDoc[] window = Arrays.copyOf(hits, rows);
        PreparedQuery prepared = prepare(context);
        ScoredWindow scored = score(context, prepared, WindowReader.read(window, searcher, context));
        context.checkCancellation();

        int[] docs = new int[hits.length];
        float[] scores = new float[hits.length];
        for (int i = 0; i < hits.length; i++) {
            docs[i] = hits[i].doc;
            scores[i] = hits[i].score;
        }
        float[] finalScores = new float[rows];
        Set<Integer> rescoredDocs = new HashSet<>(rows * 2);
        for (int r = 0; r < rows; r++) {
            finalScores[r] = combine(context.request(), scores[r], scored.scores().score()[r]);
            rescoredDocs.add(docs[r]);
        }
        WindowOrder.Reordered order = WindowOrder.reorder(docs, scores, finalScores);
        ScoreDoc[] rescored = new ScoreDoc[hits.length];
        for (int i = 0; i < hits.length; i++) {
            ScoreDoc hit = hits[order.from()[i]];
            rescored[i] = new ScoreDoc(hit.doc, order.scores()[i], hit.shardIndex);
        }
        context.setRescoredDocs(rescoredDocs);
        context.services().windows().put(readerKey(searcher), windowKey(context),
            new RescoredWindow(Arrays.copyOf(docs, rows), Arrays.copyOf(scores, rows), finalScores, scored));
        return new TopDocs(topDocs.totalHits, rescored);
    }

    static float combine(PrectrRescorerBuilder request, float firstPhase, float model) {
        return request.scoreMode().combine(request.queryWeight() * firstPhase, request.rescoreWeight() * model);
    }

    private static PreparedQuery prepare(PrectrRescoreContext context) {
        try {
            return context.bundle().scorer().prepare(context.request().queryText(), context.user());
        } catch (InferenceException e) {
            throw modelFailure(context, e);
        }
    }

    private static ScoredWindow score(PrectrRescoreContext context, PreparedQuery prepared, CandidateWindow window) {
        try {
            return context.bundle().scorer().score(prepared, window);
        } catch (InferenceException e) {
            throw modelFailure(context, e);
        }
    }

    /** A model that fails on this request's inputs (e.g. a NaN output) is a 400 naming the bundle and the graph output. */
    private static ElasticsearchStatusException modelFailure(PrectrRescoreContext context, RuntimeException e) {
        return new ElasticsearchStatusException("[prectr] model bundle [" + context.modelName() + "] failed: " + e.getMessage(),
            RestStatus.BAD_REQUEST, e);
    }

    @Override
    public Explanation explain(int topLevelDocId, IndexSearcher searcher, RescoreContext rescoreContext, Explanation sourceExplanation)
        throws IOException {
        PrectrRescoreContext context = (PrectrRescoreContext) rescoreContext;
        if (context.isRescored(topLevelDocId) == false) {
            return sourceExplanation;
        }
        RescoredWindow window = context.services().windows().get(readerKey(searcher), windowKey(context));
        int row = window == null ? -1 : window.rowOf(topLevelDocId);
        boolean cached = row >= 0;
        if (cached == false) {
            // The window is no longer held: score this hit alone, and say so.
            float first = sourceExplanation.getValue().floatValue();
            ScoredWindow scored = score(context, prepare(context),
                WindowReader.read(new ScoreDoc[] {new ScoreDoc(topLevelDocId, first)}, searcher, context));
            window = new RescoredWindow(new int[] {topLevelDocId}, new float[] {first},
                new float[] {combine(context.request(), first, scored.scores().score()[0])}, scored);
            row = 0;
        }
        return PrectrExplanation.of(context, window, row, sourceExplanation, cached);
    }

    /** Identity of the shard's reader, the same in the query and fetch phases of one search. */
    private static Object readerKey(IndexSearcher searcher) {
        IndexReader reader = searcher.getIndexReader();
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        return helper != null ? helper.getKey() : reader;
    }

    private static Object windowKey(PrectrRescoreContext context) {
        return List.of(context.request(), context.getWindowSize(), context.modelName());
    }
}
