package org.prectr.opensearch.shard;

import org.prectr.opensearch.personal.RequestPreparer;
import org.prectr.opensearch.rescore.RescoreProbe;

/**
 * The node-level state the rescorer needs on a shard, created once by the plugin and handed to every
 * {@code prectr} request the node parses or receives.
 *
 * @param bundles the node's loaded model bundles
 * @param windows recently rescored windows, kept so that {@code explain} in the fetch phase equals the score
 * @param probe the rescore's test hook (see {@link RescoreProbe}), unset in production
 * @param preparer the per-request work done once on the coordinating node, or null (unit tests: on the shards)
 * @param encodings item encodings made at query time, per segment and bundle version, or null (unit tests: none kept)
 */
public record PrectrServices(ModelBundleRegistry bundles, RescoredWindows windows, RescoreProbe probe, RequestPreparer preparer,
                             ItemEncodingCache encodings) {

    /**
     * Services without a coordinator path and without an item encoding cache (unit tests).
     *
     * @param bundles the bundles
     * @param windows the rescored windows
     * @param probe the test hook
     */
    public PrectrServices(ModelBundleRegistry bundles, RescoredWindows windows, RescoreProbe probe) {
        this(bundles, windows, probe, null, null);
    }
}
