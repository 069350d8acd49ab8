package org.prectr.opensearch.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.RamUsageEstimator;
import org.opensearch.common.cache.Cache;
import org.opensearch.common.cache.CacheBuilder;
import org.opensearch.common.cache.RemovalNotification;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.breaker.CircuitBreakingException;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.prectr.opensearch.breaker.PrectrBreaker;

/**
 * Item encodings made at query time (an index without stored embeddings, or a stale one), kept per
 * (segment, bundle version, doc) so that the next search over the same products costs what the stored
 * path costs: the embedding and, when the bundle has match features, the item's match keywords (so
 * the item text is not read from {@code _source} again).
 *
 * <p>Bounded by {@link #SIZE} (least recently used entries go first) and accounted in the
 * {@code prectr} circuit breaker: an entry's bytes are reserved when it is added and released when it
 * leaves, for whatever reason; an entry the breaker refuses is simply not kept. A segment's entries are
 * dropped when the segment's core closes (a merge or a deleted index), through the reader's
 * {@link IndexReader.ClosedListener}; a segment's documents never change while it is open, so an
 * entry is never stale. Thread-safe.
 */
public final class ItemEncodingCache {

    /** Most bytes held; 0 turns the cache off (every search encodes the items it lacks). */
    public static final Setting<ByteSizeValue> SIZE = Setting.memorySizeSetting("prectr.item_encoding_cache.size", "64mb",
        Property.NodeScope);

    private final PrectrBreaker breaker;
    private final long maxBytes;
    private final Cache<Key, Item> cache;
    private final Set<Object> watchedSegments = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param settings the node's settings ({@link #SIZE})
     * @param breaker the {@code prectr} breaker the entries are accounted in
     */
    public ItemEncodingCache(Settings settings, PrectrBreaker breaker) {
        this(SIZE.get(settings).getBytes(), breaker);
    }

    /**
     * @param maxBytes most bytes held, 0 for none
     * @param breaker the breaker
     */
    public ItemEncodingCache(long maxBytes, PrectrBreaker breaker) {
        this.breaker = breaker;
        this.maxBytes = maxBytes;
        this.cache = CacheBuilder.<Key, Item>builder()
            .setMaximumWeight(Math.max(1, maxBytes))
            .weigher((key, item) -> item.bytes())
            .removalListener(this::removed)
            .build();
    }

    /** @return whether the cache keeps anything */
    public boolean enabled() {
        return maxBytes > 0;
    }

    /**
     * @param segment the segment's reader
     * @param version the bundle version
     * @param doc a segment doc id
     * @return the item's encoding, or null
     */
    public Item get(LeafReader segment, String version, int doc) {
        Object core = coreKey(segment);
        return core == null || enabled() == false ? null : cache.get(new Key(core, version, doc));
    }

    /**
     * Keeps an encoding unless the breaker refuses its bytes or the segment cannot be watched for closing.
     *
     * @param segment the segment's reader
     * @param version the bundle version
     * @param doc a segment doc id
     * @param item the encoding
     */
    public void put(LeafReader segment, String version, int doc, Item item) {
        Object core = coreKey(segment);
        if (core == null || enabled() == false || item.bytes() > maxBytes) {
            return;
        }
        if (watchedSegments.add(core)) {
            try {
                segment.getCoreCacheHelper().addClosedListener(this::segmentClosed);
            } catch (AlreadyClosedException e) {
                watchedSegments.remove(core);
                return;
            }
        }
        try {
            breaker.breaker().addEstimateBytesAndMaybeBreak(item.bytes(), "prectr item encoding cache");
        } catch (CircuitBreakingException e) {
            return; // the breaker has no room: serve without keeping it
        }
        bytes.addAndGet(item.bytes());
        cache.put(new Key(core, version, doc), item);
    }

    private void removed(RemovalNotification<Key, Item> notification) {
        long size = notification.getValue().bytes();
        bytes.addAndGet(-size);
        breaker.breaker().addWithoutBreaking(-size);
    }

    private void segmentClosed(IndexReader.CacheKey core) {
        List<Key> keys = new ArrayList<>();
        for (Key key : cache.keys()) {
            if (key.segment() == core) {
                keys.add(key);
            }
        }
        keys.forEach(cache::invalidate);
        watchedSegments.remove(core);
    }

    private static Object coreKey(LeafReader segment) {
        IndexReader.CacheHelper helper = segment.getCoreCacheHelper();
        return helper == null ? null : helper.getKey();
    }

    /** @return entries held */
    public long count() {
        return cache.count();
    }

    /** @return bytes held (also in the breaker) */
    public long sizeInBytes() {
        return bytes.get();
    }

    /** @return the most bytes held */
    public long maxBytes() {
        return maxBytes;
    }

    /** Drops every entry (node shutdown), releasing their bytes. */
    public void clear() {
        cache.invalidateAll();
    }

    private record Key(Object segment, String version, int doc) {
    }

    /**
     * One item's encoding.
     *
     * @param embedding D floats
     * @param keywords the item's match keywords ({@code MatchFeatures.itemKeywords}), or null when the
     *     bundle has no match features
     * @param bytes the estimated heap bytes of the entry, key and cache bookkeeping included
     */
    public record Item(float[] embedding, String[] keywords, long bytes) {

        /**
         * @param embedding D floats
         * @param keywords the match keywords, or null
         * @return the entry with its size estimated
         */
        public static Item of(float[] embedding, String[] keywords) {
            long size = RamUsageEstimator.sizeOf(embedding) + 96;
            if (keywords != null) {
                size += RamUsageEstimator.shallowSizeOf(keywords);
                for (String k : keywords) {
                    size += RamUsageEstimator.sizeOf(k);
                }
            }
            return new Item(embedding, keywords, size);
        }
    }
}
