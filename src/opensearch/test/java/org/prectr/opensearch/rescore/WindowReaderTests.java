package org.prectr.opensearch.rescore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.ScoreDoc;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.shard.IndexShard;
import org.prectr.core.features.CandidateWindow;
import org.prectr.opensearch.PrectrSingleNodeTestCase;

/**
 * {@link WindowReader} on a shard of several segments with deleted documents: every row of a window
 * given in random (first-phase) order holds its own document's fields, read from the segment the
 * document lives in, missing values stay missing, and the first-phase scores stay in window order.
 * Expected values come from each document's {@code _source}, not from doc values.
 */
public class WindowReaderTests extends PrectrSingleNodeTestCase {

    private static final String INDEX = "segments";

    public void testEveryRowHoldsItsOwnDocumentsFieldsAcrossSegmentsWithDeletions() throws Exception {
        ShardFixture.indexSegments(this, INDEX);
        IndexShard shard = indexService(INDEX).getShard(0);
        try (Engine.Searcher searcher = shard.acquireSearcher("test")) {
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            assertTrue("several segments: " + leaves.size(), leaves.size() >= ShardFixture.SEGMENTS);
            // every batch's segment has deleted documents (soft deletes: the deletes' tombstones count as deleted too)
            assertTrue("segments with deletions", leaves.stream().filter(l -> l.reader().numDeletedDocs() >= 2).count()
                >= ShardFixture.SEGMENTS);
            Map<Integer, Map<String, Object>> sources = ShardFixture.liveSources(searcher);
            assertEquals(ShardFixture.SEGMENTS * (ShardFixture.PER_SEGMENT - 2), sources.size());

            PrectrRescoreContext context = PrectrRescoreContext.build(100,
                new PrectrRescorerBuilder(null, "mens slippers", null, null, 1f, 1f),
                indexService(INDEX).newQueryShardContext(0, searcher, () -> 0L, null), services());
            assertEquals(List.of("title"), context.textFields());
            assertFalse("the bundle reads numeric fields", context.numericColumns().isEmpty());
            assertFalse("the bundle reads keyword fields", context.keywordColumns().isEmpty());

            Set<Integer> segmentsRead = new HashSet<>();
            for (long seed : new long[] {1, 2, 3}) {
                // a window of live docs of every segment, in an order unrelated to doc ids, with falling scores
                List<Integer> docs = new ArrayList<>(ShardFixture.liveDocs(sources));
                Collections.shuffle(docs, new Random(seed));
                docs = docs.subList(0, 10 + (int) seed * 7);
                ScoreDoc[] window = new ScoreDoc[docs.size()];
                for (int r = 0; r < window.length; r++) {
                    window[r] = new ScoreDoc(docs.get(r), 100f - r);
                }
                CandidateWindow read = WindowReader.read(window, searcher, context, null, null, new RescoreCancellation(searcher)).window();
                assertEquals(window.length, read.rows());
                for (int r = 0; r < window.length; r++) {
                    Map<String, Object> source = sources.get(window[r].doc);
                    segmentsRead.add(ReaderUtil.subIndex(window[r].doc, leaves));
                    assertEquals(100f - r, read.firstPassScore(r), 0f);
                    assertEquals("row " + r, source.get("title"), read.itemText(r));
                    for (PrectrRescoreContext.NumericColumn column : context.numericColumns()) {
                        Object value = source.get(column.logical());
                        double expected = value == null ? Double.NaN : ((Number) value).doubleValue();
                        if (column.logical().equals("rating") && value != null) {
                            expected = (float) expected; // a float field's doc values hold the float
                        }
                        assertEquals("row " + r + " field " + column.logical(), expected, read.numeric(column.logical())[r], 0d);
                    }
                    for (PrectrRescoreContext.KeywordColumn column : context.keywordColumns()) {
                        Object value = source.get(column.logical());
                        assertEquals("row " + r + " field " + column.logical(), value == null ? null : value.toString(),
                            read.keyword(column.logical())[r]);
                    }
                }
            }
            // the deletes' tombstones sit in a segment of their own, without live documents
            assertEquals("the windows span every segment with live documents",
                leaves.stream().filter(l -> l.reader().numDocs() > 0).count(), segmentsRead.size());
        }
    }
}
