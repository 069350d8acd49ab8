package org.prectr.opensearch.rescore;

import org.apache.lucene.search.ScoreDoc;
import org.opensearch.test.OpenSearchTestCase;

/** How the rescorer orders a shard's hits once the window is scored. */
public class PrectrRescorerTests extends OpenSearchTestCase {

    private static ScoreDoc[] hits(float... scores) {
        ScoreDoc[] hits = new ScoreDoc[scores.length];
        for (int i = 0; i < scores.length; i++) {
            hits[i] = new ScoreDoc(100 - i, scores[i], 2);
        }
        return hits;
    }

    public void testWindowSortsByScoreThenDoc() {
        ScoreDoc[] hits = hits(9f, 8f, 7f, 6f);
        ScoreDoc[] out = PrectrRescorer.reorder(hits, new float[] {0.2f, 0.7f, 0.2f, 0.9f});
        assertArrayEquals(new int[] {97, 99, 98, 100}, docs(out));
        assertArrayEquals(new float[] {0.9f, 0.7f, 0.2f, 0.2f}, scores(out), 0f);
        assertEquals(2, out[0].shardIndex);
        assertEquals(9f, hits[0].score, 0f); // the input is not modified
    }

    public void testHitsBelowTheWindowKeepTheirOrderBelowIt() {
        ScoreDoc[] hits = hits(9f, 8f, 7f, 6f, 6f, 0.1f, 0.05f);
        ScoreDoc[] out = PrectrRescorer.reorder(hits, new float[] {0.3f, 0.6f});
        assertArrayEquals(new int[] {99, 100, 98, 97, 96, 95, 94}, docs(out));
        for (int i = 1; i < out.length; i++) {
            assertTrue(i + ": " + out[i - 1].score + " > " + out[i].score, out[i - 1].score > out[i].score);
        }
        assertTrue(out[2].score < 0.3f);
        // scores already below the window's lowest keep their values
        assertEquals(0.1f, out[5].score, 0f);
        assertEquals(0.05f, out[6].score, 0f);
    }

    public void testUnscoredWindowHitsKeepTheirFirstPhaseOrderBelowTheScoredOnes() {
        // rows 0 and 2 had model outputs that were not finite (NaN final score): below the scored rows,
        // in first-phase order, above the hits below the window
        ScoreDoc[] hits = hits(9f, 8f, 7f, 6f, 5f);
        ScoreDoc[] out = PrectrRescorer.reorder(hits, new float[] {Float.NaN, 0.4f, Float.NaN, 0.8f});
        assertArrayEquals(new int[] {97, 99, 100, 98, 96}, docs(out));
        for (int i = 1; i < out.length; i++) {
            assertTrue(i + ": " + out[i - 1].score + " > " + out[i].score, out[i - 1].score > out[i].score);
            assertFalse(Float.isNaN(out[i].score));
        }
    }

    public void testAWindowWithNoScoredHitKeepsTheFirstPhaseOrderAndScores() {
        ScoreDoc[] hits = hits(9f, 8f, 7f);
        ScoreDoc[] out = PrectrRescorer.reorder(hits, new float[] {Float.NaN, Float.NaN});
        assertArrayEquals(new int[] {100, 99, 98}, docs(out));
        assertArrayEquals(new float[] {9f, 8f, 7f}, scores(out), 0f);
    }

    private static int[] docs(ScoreDoc[] hits) {
        int[] docs = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
            docs[i] = hits[i].doc;
        }
        return docs;
    }

    private static float[] scores(ScoreDoc[] hits) {
        float[] scores = new float[hits.length];
        for (int i = 0; i < hits.length; i++) {
            scores[i] = hits[i].score;
        }
        return scores;
    }
}
