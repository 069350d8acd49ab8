package org.prectr.opensearch.rescore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.opensearch.index.engine.Engine;
import org.prectr.opensearch.PrectrSingleNodeTestCase;

/**
 * The rescorer on random first-phase hit lists of a real shard (several segments, deletions) under the
 * deterministic bundle, with windows smaller than, equal to and larger than the hits; seeds fixed. For each
 * list: the result is a permutation of the hits; the window's hits come first, by score descending then doc
 * ascending; the hits below it keep their first-phase order and rank below it; the scores never rise; a
 * second rescore of the same hits gives the same hits and scores (idempotent, the input is not modified);
 * the window's result does not depend on the hits below it; a window larger than the hits equals one of
 * exactly the hits.
 */
public class RandomizedRescoreTests extends PrectrSingleNodeTestCase {

    private static final String INDEX = "random-rescore";
    private static final int TRIALS = 24;

    public void testOrderIdempotenceAndWindowsAroundTheHitCount() throws Exception {
        ShardFixture.indexSegments(this, INDEX);
        try (Engine.Searcher searcher = indexService(INDEX).getShard(0).acquireSearcher("test")) {
            List<Integer> live = ShardFixture.liveDocs(ShardFixture.liveSources(searcher));
            int reordered = 0;
            for (long seed = 1; seed <= TRIALS; seed++) {
                Random random = new Random(seed);
                List<Integer> docs = new ArrayList<>(live);
                Collections.shuffle(docs, random);
                int n = 1 + random.nextInt(docs.size());
                int window = switch ((int) (seed % 3)) {
                    case 0 -> 1 + random.nextInt(n);             // at most the hits
                    case 1 -> n + 1 + random.nextInt(20);        // more than the hits
                    default -> n;                                // exactly the hits
                };
                ScoreDoc[] hits = new ScoreDoc[n];
                float score = 40f;
                for (int i = 0; i < n; i++) {
                    score -= 0.01f + random.nextFloat(); // strictly falling first-phase scores
                    hits[i] = new ScoreDoc(docs.get(i), score);
                }
                String trial = "seed " + seed + " hits " + n + " window " + window;
                ScoreDoc[] before = copy(hits);

                ScoreDoc[] first = rescore(searcher, hits, window);
                ScoreDoc[] second = rescore(searcher, hits, window);
                assertHitsEqual(trial + " (input not modified)", before, hits);
                assertHitsEqual(trial + " (idempotent)", first, second);

                int rows = Math.min(window, n);
                assertEquals(trial, n, first.length);
                Set<Integer> windowDocs = new HashSet<>();
                Set<Integer> outWindow = new HashSet<>();
                for (int i = 0; i < rows; i++) {
                    windowDocs.add(hits[i].doc);
                    outWindow.add(first[i].doc);
                }
                assertEquals(trial + ": the window's hits come first", windowDocs, outWindow);
                for (int i = rows; i < n; i++) {
                    assertEquals(trial + ": below the window, first-phase order", hits[i].doc, first[i].doc);
                }
                for (int i = 1; i < n; i++) {
                    assertTrue(trial + " at " + i + ": scores never rise", first[i - 1].score >= first[i].score);
                    if (i < rows && first[i - 1].score == first[i].score) {
                        assertTrue(trial + " at " + i + ": ties by doc ascending", first[i - 1].doc < first[i].doc);
                    }
                }
                for (int i = rows; i < n; i++) {
                    assertTrue(trial + ": below the window ranks below it", first[i].score < first[rows - 1].score);
                }
                // the window alone: the same window result, whatever lies below it
                assertHitsEqual(trial + " (window alone)", Arrays.copyOf(first, rows),
                    rescore(searcher, Arrays.copyOf(hits, rows), window));
                if (window > n) {
                    assertHitsEqual(trial + " (window larger than the hits)", first, rescore(searcher, hits, n));
                }
                for (int i = 0; i < rows; i++) {
                    if (first[i].doc != hits[i].doc) {
                        reordered++;
                        break;
                    }
                }
            }
            assertTrue("the model reorders some windows: " + reordered, reordered > TRIALS / 3);
        }
    }

    private ScoreDoc[] rescore(Engine.Searcher searcher, ScoreDoc[] hits, int window) throws Exception {
        PrectrRescoreContext context = PrectrRescoreContext.build(window,
            new PrectrRescorerBuilder(null, "mens slippers", null, null, 1f, 1f),
            indexService(INDEX).newQueryShardContext(0, searcher, () -> 0L, null), services());
        TopDocs in = new TopDocs(new TotalHits(hits.length, TotalHits.Relation.EQUAL_TO), hits);
        return PrectrRescorer.INSTANCE.rescore(in, searcher, context).scoreDocs;
    }

    private static ScoreDoc[] copy(ScoreDoc[] hits) {
        ScoreDoc[] out = new ScoreDoc[hits.length];
        for (int i = 0; i < hits.length; i++) {
            out[i] = new ScoreDoc(hits[i].doc, hits[i].score, hits[i].shardIndex);
        }
        return out;
    }

    private static void assertHitsEqual(String message, ScoreDoc[] expected, ScoreDoc[] actual) {
        assertEquals(message, expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(message + " doc at " + i, expected[i].doc, actual[i].doc);
            assertEquals(message + " score at " + i, expected[i].score, actual[i].score, 0f);
        }
    }
}
