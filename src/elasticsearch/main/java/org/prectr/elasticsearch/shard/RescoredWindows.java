package org.prectr.elasticsearch.shard;

import org.elasticsearch.common.cache.Cache;
import org.elasticsearch.common.cache.CacheBuilder;
import org.elasticsearch.core.TimeValue;
import org.prectr.core.rescore.RescoredWindow;

/**
 * The windows the rescorer scored recently, so that {@code explain} (run in the fetch phase, with a
 * fresh rescore context) shows exactly the numbers that produced the hit's score, as in the OpenSearch
 * plugin. Bounded by hits held and by age; a miss makes {@code explain} score the hit alone and say so.
 */
public final class RescoredWindows {

    /** Most hits held across all windows (some 7 MB with a 24-feature bundle). */
    public static final long MAX_HITS = 50_000;

    private final Cache<Key, RescoredWindow> cache = CacheBuilder.<Key, RescoredWindow>builder()
        .setMaximumWeight(MAX_HITS)
        .weigher((key, window) -> window.docs().length)
        .setExpireAfterAccess(TimeValue.timeValueMinutes(5))
        .build();

    /**
     * @param reader identity of the shard's reader (its cache key)
     * @param request the request that scored it
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

    private record Key(Object reader, Object request) {
    }
}
