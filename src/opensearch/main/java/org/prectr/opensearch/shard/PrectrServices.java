package org.prectr.opensearch.shard;

import org.prectr.opensearch.rescore.RescoreProbe;

/**
 * The node-level state the rescorer needs on a shard, created once by the plugin and handed to every
 * {@code prectr} request the node parses or receives.
 *
 * @param bundles the node's loaded model bundles
 * @param windows recently rescored windows, kept so that {@code explain} in the fetch phase equals the score
 * @param probe the rescore's test hook (see {@link RescoreProbe}), unset in production
 * @param encodings item encodings made at query time, per segment and bundle version
 */
public record PrectrServices(ModelBundleRegistry bundles, RescoredWindows windows, RescoreProbe probe, ItemEncodingCache encodings) {
}
