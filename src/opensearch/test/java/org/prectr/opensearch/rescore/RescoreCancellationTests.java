package org.prectr.opensearch.rescore;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.test.OpenSearchTestCase;

/** The rescorer stops when the searcher's query timeout (where OpenSearch puts cancellation) says so, or the search's deadline has passed. */
public class RescoreCancellationTests extends OpenSearchTestCase {

    public void testStopsOnlyOnceTheSearchIsCancelled() throws Exception {
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            new IndexWriter(directory, new IndexWriterConfig()).close();
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                new RescoreCancellation(searcher).check(); // no timeout at all: never stops
                AtomicBoolean cancelled = new AtomicBoolean();
                searcher.setTimeout(cancelled::get);
                RescoreCancellation cancellation = new RescoreCancellation(searcher);
                cancellation.check();
                cancelled.set(true);
                TaskCancelledException e = expectThrows(TaskCancelledException.class, cancellation::check);
                assertEquals("[prectr] rescore stopped: the search was cancelled or timed out", e.getMessage());
            }
        }
    }

    public void testStopsOnceTheSearchsDeadlineHasPassed() throws Exception {
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            new IndexWriter(directory, new IndexWriterConfig()).close();
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                AtomicLong clock = new AtomicLong(100);
                AtomicInteger probed = new AtomicInteger();
                RescoreProbe probe = new RescoreProbe();
                probe.set(deadline -> probed.incrementAndGet());
                SearchDeadline deadline = new SearchDeadline(TimeValue.timeValueMillis(50), clock::get, 150, () -> {});
                RescoreCancellation cancellation = new RescoreCancellation(new IndexSearcher(reader), deadline, null, probe);
                cancellation.check();
                clock.set(150); // the query phase's own rule: timed out strictly after the deadline
                cancellation.check();
                clock.set(151);
                RescoreTimedOutException e = expectThrows(RescoreTimedOutException.class, cancellation::check);
                assertEquals("[prectr] rescore stopped: the search ran past its timeout [50ms]", e.getMessage());
                assertEquals("the probe runs before every check", 3, probed.get());
            }
        }
    }
}
