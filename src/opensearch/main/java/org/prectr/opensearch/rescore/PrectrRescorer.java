package org.prectr.opensearch.rescore;

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
import org.opensearch.OpenSearchException;
import org.opensearch.secure_sm.AccessController;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.common.lease.Releasable;
import org.opensearch.core.rest.RestStatus;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.MatchFeatures;
import org.prectr.core.inference.InferenceException;
import org.prectr.core.inference.PreparedQuery;
import org.prectr.core.inference.ScoredWindow;
import org.prectr.core.rescore.RescoredWindow;
import org.prectr.core.rescore.WindowOrder;
import org.prectr.opensearch.stats.PreparationStats;
import org.prectr.opensearch.stats.RescoreGuard;

/**
 * Executes a {@code prectr} rescore on one shard. Stateless: everything comes from the
 * {@link PrectrRescoreContext}. Per shard request it prepares the query once, reads the window's
 * document fields in docId order, runs ONE scorer call for the whole window and combines the scores
 * with {@code score_mode}; the scored window is kept for the fetch phase only when the search asks
 * for {@code explain}. The window is sorted by score descending, then doc ascending; hits below the
 * window keep their relative order below it.
 */
public final class PrectrRescorer implements org.opensearch.search.rescore.Rescorer {

    /** The one instance. */
    public static final PrectrRescorer INSTANCE = new PrectrRescorer();
    /** Stateless; the query's words for the match features (a shard rebuilding a prepared request). */
    private static final MatchFeatures MATCH = new MatchFeatures();

    private PrectrRescorer() {}

    @Override
    public TopDocs rescore(TopDocs topDocs, IndexSearcher searcher, org.opensearch.search.rescore.RescoreContext rescoreContext)
        throws IOException {
        PrectrRescoreContext context = (PrectrRescoreContext) rescoreContext;
        int rows = Math.min(context.getWindowSize(), topDocs.scoreDocs.length);
        if (rows == 0) {
            return topDocs;
        }
        // lease (an uploaded bundle replaced meanwhile stays open), breaker reservation, node stats
        try {
            return RescoreGuard.run(context.services().bundles(), context.bundle(), context.modelName(), rows,
                () -> rescoreWindow(topDocs, searcher, context, rows));
        } catch (RescoreTimedOutException e) {
            // As OpenSearch does for a query past its timeout: answer what is there (the first-phase
            // hits, the window not rescored) and flag the response "timed_out": true.
            context.deadline().onTimeout().run();
            return topDocs;
        }
    }

    private static TopDocs rescoreWindow(TopDocs topDocs, IndexSearcher searcher, PrectrRescoreContext context, int rows)
        throws IOException {
        ScoreDoc[] hits = topDocs.scoreDocs;
        ScoreDoc[] window = Arrays.copyOf(hits, rows);
        RescoreCancellation cancellation = new RescoreCancellation(searcher, context.deadline(), context.task(), context.services().probe());
        PreparedQuery prepared = prepare(context);
        WindowReader.Result read = WindowReader.read(window, searcher, context, prepared.features().queryWords(),
            texts -> encodeItems(context, texts), cancellation);
        RescoreGuard.countItemSources(context.services().bundles(), read.sources());
        ScoredWindow scored = score(context, prepared, read.window());
        cancellation.check();

        PrectrRescorerBuilder request = context.request();
        int[] docs = new int[rows];
        float[] firstPhase = new float[rows];
        float[] finalScores = new float[rows];
        int unscored = 0;
        for (int r = 0; r < rows; r++) {
            docs[r] = window[r].doc;
            firstPhase[r] = window[r].score;
            if (scored.scores().isFinite(r)) {
                finalScores[r] = combine(request, firstPhase[r], scored.scores().score()[r]);
            } else {
                // a model fault on this row's inputs: the hit keeps its first-phase order below the scored ones
                finalScores[r] = Float.NaN;
                unscored++;
            }
        }
        RescoreGuard.countUnscored(context.services().bundles(), unscored);
        ScoreDoc[] rescored = reorder(hits, finalScores);
        if (context.explain()) {
            // only a search that asks for explain reads these back, in its fetch phase
            Set<Integer> rescoredDocs = new HashSet<>(rows * 2);
            for (int r = 0; r < rows; r++) {
                if (Float.isNaN(finalScores[r]) == false) {
                    rescoredDocs.add(docs[r]);
                }
            }
            context.setRescoredDocs(rescoredDocs);
            context.services().windows().put(readerKey(searcher), windowKey(context),
                new RescoredWindow(docs, firstPhase, finalScores, scored));
        }
        return new TopDocs(topDocs.totalHits, rescored);
    }

    /**
     * The shard's new hit order: the window's scored hits (the first {@code finalScores.length} hits
     * whose final score is not NaN) with their final scores, sorted by score descending then doc
     * ascending; then the window's unscored hits (NaN: their model outputs were not finite) and the hits
     * below the window, both in their first-phase order. Their first-phase scores are not comparable
     * with model scores, so each is capped just under the score before it: the order stays, and the list
     * stays sorted by score.
     *
     * @param hits the shard's hits in first-phase order (not modified)
     * @param finalScores the window's final scores, in first-phase order; NaN for a hit left unscored
     * @return the reordered hits
     */
    static ScoreDoc[] reorder(ScoreDoc[] hits, float[] finalScores) { // visible for testing
        int[] docs = new int[hits.length];
        float[] scores = new float[hits.length];
        for (int i = 0; i < hits.length; i++) {
            docs[i] = hits[i].doc;
            scores[i] = hits[i].score;
        }
        WindowOrder.Reordered order = WindowOrder.reorder(docs, scores, finalScores);
        ScoreDoc[] out = new ScoreDoc[hits.length];
        for (int i = 0; i < hits.length; i++) {
            ScoreDoc hit = hits[order.from()[i]];
            out[i] = new ScoreDoc(hit.doc, order.scores()[i], hit.shardIndex);
        }
        return out;
    }

    static float combine(PrectrRescorerBuilder request, float firstPhase, float model) {
        return request.scoreMode().combine(request.queryWeight() * firstPhase, request.rescoreWeight() * model);
    }

    /**
     * The request's per-query work: the coordinating node's ({@link PreparedRequest}) when it was
     * computed with the bundle this shard serves, else done here (the per-shard path).
     */
    private static PreparedQuery prepare(PrectrRescoreContext context) {
        PreparedRequest prepared = context.request().prepared();
        if (prepared != null && prepared.onShards() == false && prepared.bundleVersion().equals(context.bundle().manifest().version())
            && prepared.model().equals(context.modelName())) {
            return prepared.toCore(context.request().queryText(), context.user(), MATCH);
        }
        try {
            // ONNX Runtime runs inside the plugin's privileges, like the bundle load (BUILD.md section 5)
            PreparedQuery query = AccessController.doPrivileged(() -> context.bundle().scorer().prepare(context.request().queryText(),
                context.user()));
            PreparationStats stats = preparationStats(context);
            if (stats != null) {
                stats.preparedOnShard();
                stats.queryEncoderCall(1 + query.features().historyUsed());
            }
            return query;
        } catch (InferenceException e) {
            throw modelFailure(context, e);
        }
    }

    private static float[] encodeItems(PrectrRescoreContext context, java.util.List<String> texts) {
        try {
            return AccessController.doPrivileged(() -> context.bundle().scorer().encodeItems(texts));
        } catch (InferenceException e) {
            throw modelFailure(context, e);
        }
    }

    private static PreparationStats preparationStats(PrectrRescoreContext context) {
        var stored = context.services().bundles().stored();
        return stored == null ? null : stored.stats().preparation();
    }

    private static ScoredWindow score(PrectrRescoreContext context, PreparedQuery prepared, CandidateWindow window) {
        try {
            return AccessController.doPrivileged(() -> context.bundle().scorer().score(prepared, window));
        } catch (InferenceException e) {
            throw modelFailure(context, e);
        }
    }

    /**
     * A failure of the model itself (ONNX Runtime error, a query embedding that is not finite) is not the
     * client's: a 500 naming the bundle and the graph, with the core's {@link InferenceException} as its
     * cause (how the stats classify it). A single non-finite row is not a failure: it stays unscored.
     */
    private static OpenSearchException modelFailure(PrectrRescoreContext context, InferenceException e) {
        return new OpenSearchStatusException("[prectr] model bundle [" + context.modelName() + "] failed: " + e.getMessage(),
            RestStatus.INTERNAL_SERVER_ERROR, e);
    }

    @Override
    public Explanation explain(int topLevelDocId, IndexSearcher searcher, org.opensearch.search.rescore.RescoreContext rescoreContext,
                               Explanation sourceExplanation) throws IOException {
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
            ScoreDoc[] alone = {new ScoreDoc(topLevelDocId, first)};
            ScoredWindow scored;
            try (Releasable lease = context.services().bundles().lease(context.bundle())) {
                PreparedQuery prepared = prepare(context);
                CandidateWindow read = WindowReader.read(alone, searcher, context, prepared.features().queryWords(),
                    texts -> encodeItems(context, texts), new RescoreCancellation(searcher)).window();
                scored = score(context, prepared, read);
            }
            if (scored.scores().isFinite(0) == false) {
                return sourceExplanation; // left unscored, as the rescore does
            }
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
