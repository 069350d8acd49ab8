package org.prectr.opensearch.shard;

import org.opensearch.common.cache.Cache;
import org.opensearch.common.cache.CacheBuilder;
import org.opensearch.common.unit.TimeValue;
import org.prectr.core.rescore.RescoredWindow;

/**
 * A small node-level memory of the windows the rescorer scored recently, so that {@code explain}
 * (run in the fetch phase, with a fresh rescore context) shows exactly the numbers that produced the
 * hit's score. Some features depend on the whole window (the first-phase score ratio and rank), which
 * the fetch phase cannot see; keeping the scored window is exact where recomputing one hit is not.
 *
 * <p>Bounded by the number of hits held and by age; a miss only makes {@code explain} fall back to
 * scoring the hit alone, which it says in the explanation.
 */
public final class RescoredWindows {

    /** Most hits held across all windows: about 150 bytes each with a 24-feature bundle, so some 7 MB. */
    public static final long MAX_HITS = 50_000;

    private final Cache<Key, RescoredWindow> cache = CacheBuilder.<Key, RescoredWindow>builder()
        .setMaximumWeight(MAX_HITS)
        .weigher((key, window) -> window.docs().length)
        .setExpireAfterAccess(TimeValue.timeValueMinutes(5))
        .build();

    /**
     * @param reader identity of the shard's reader (its cache key), so windows of other shards or
     *     refreshed readers never match
     * @param request the request that scored it (the rescorer builder, which includes the window size)
     * @param window the scored window
     */
    public void put(Object reader, Object request, RescoredWindow window) {
        cache.put(new Key(reader, request), window);
    }

    /**
     * @param reader identity of the shard's reader
     * @param request the request
     * @return the window, or null
     */
    public RescoredWindow get(Object reader, Object request) {
        return cache.get(new Key(reader, request));
    }

    /** @return the number of windows held // visible for testing */
    public int count() {
        return cache.count();
    }

    private record Key(Object reader, Object request) {
    }
}
