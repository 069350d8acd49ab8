package org.prectr.opensearch.shard;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import java.util.List;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.indices.breaker.HierarchyCircuitBreakerService;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.breaker.CircuitBreaker;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.indices.breaker.BreakerSettings;
import org.opensearch.test.OpenSearchTestCase;
import org.prectr.opensearch.breaker.PrectrBreaker;

/** The item encoding cache: keyed by segment and version, bounded, in the breaker, emptied when a segment closes. */
public class ItemEncodingCacheTests extends OpenSearchTestCase {

    private PrectrBreaker breaker(long limit) {
        PrectrBreaker breaker = new PrectrBreaker();
        BreakerSettings settings = new BreakerSettings(PrectrBreaker.NAME, limit, 1.0, CircuitBreaker.Type.MEMORY,
            CircuitBreaker.Durability.TRANSIENT);
        HierarchyCircuitBreakerService service = new HierarchyCircuitBreakerService(Settings.EMPTY, List.of(settings),
            new ClusterSettings(Settings.EMPTY, ClusterSettings.BUILT_IN_CLUSTER_SETTINGS));
        breaker.set(service.getBreaker(PrectrBreaker.NAME));
        return breaker;
    }

    private static ItemEncodingCache.Item item(float value, String... keywords) {
        return ItemEncodingCache.Item.of(new float[] {value, value, value, value}, keywords);
    }

    public void testKeepsByVersionAndDocAccountsInTheBreakerAndDropsAClosedSegment() throws Exception {
        PrectrBreaker breaker = breaker(1 << 20);
        ItemEncodingCache cache = new ItemEncodingCache(1 << 16, breaker);
        try (Directory dir = new ByteBuffersDirectory(); IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
            for (int i = 0; i < 3; i++) {
                Document doc = new Document();
                doc.add(new StringField("id", "d" + i, Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.commit();
            DirectoryReader reader = DirectoryReader.open(dir);
            LeafReader segment = reader.leaves().get(0).reader();
            ItemEncodingCache.Item a = item(1, "sugar", "!sugar");
            cache.put(segment, "v1", 0, a);
            cache.put(segment, "v1", 1, item(2));
            assertSame(a, cache.get(segment, "v1", 0));
            assertNull("another bundle version", cache.get(segment, "v2", 0));
            assertNull("another doc", cache.get(segment, "v1", 2));
            assertEquals(2, cache.count());
            long held = a.bytes() + item(2).bytes();
            assertEquals(held, cache.sizeInBytes());
            assertEquals(held, breaker.breaker().getUsed());

            reader.close(); // the segment's core closes: its entries go, and their bytes leave the breaker
            assertEquals(0, cache.count());
            assertEquals(0, cache.sizeInBytes());
            assertEquals(0, breaker.breaker().getUsed());
        }
    }

    public void testBoundedByBytesAndRefusedByTheBreakerWithoutFailing() throws Exception {
        long one = item(0).bytes();
        try (Directory dir = new ByteBuffersDirectory(); IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
            for (int i = 0; i < 50; i++) {
                writer.addDocument(new Document());
            }
            writer.commit();
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                LeafReader segment = reader.leaves().get(0).reader();
                PrectrBreaker breaker = breaker(1 << 20);
                ItemEncodingCache bounded = new ItemEncodingCache(10 * one, breaker);
                for (int d = 0; d < 50; d++) {
                    bounded.put(segment, "v1", d, item(d));
                }
                assertTrue(bounded.count() <= 10);
                assertTrue(bounded.sizeInBytes() <= 10 * one);
                assertEquals(bounded.sizeInBytes(), breaker.breaker().getUsed());
                bounded.clear();
                assertEquals(0, breaker.breaker().getUsed());

                PrectrBreaker tight = breaker(3 * one);
                ItemEncodingCache refused = new ItemEncodingCache(100 * one, tight);
                for (int d = 0; d < 50; d++) {
                    refused.put(segment, "v1", d, item(d));
                }
                assertEquals("the breaker limits what is kept", 3, refused.count());
                assertEquals(3 * one, tight.breaker().getUsed());

                ItemEncodingCache off = new ItemEncodingCache(Settings.builder()
                    .put(ItemEncodingCache.SIZE.getKey(), ByteSizeValue.ZERO.getStringRep()).build(), breaker(1 << 20));
                off.put(segment, "v1", 0, item(0));
                assertFalse(off.enabled());
                assertNull(off.get(segment, "v1", 0));
            }
        }
    }
}
