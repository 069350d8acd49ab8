package org.prectr.elasticsearch.shard;

/**
 * The node-level state the rescorer needs on a shard, created once by the plugin and handed to every
 * {@code prectr} request the node parses or receives.
 *
 * @param bundles the node's loaded model bundles
 * @param windows recently rescored windows, kept so that {@code explain} equals the score
 */
public record PrectrServices(ModelBundleRegistry bundles, RescoredWindows windows) {
}
