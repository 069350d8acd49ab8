package org.prectr.opensearch.rescore;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.test.OpenSearchTestCase;

/** The rescorer stops when the searcher's query timeout (where OpenSearch puts cancellation) says so. */
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
}
