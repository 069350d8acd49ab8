package org.prectr.opensearch.models;

import java.util.ArrayList;
import java.util.List;
import org.opensearch.action.ActionRequest;
import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.settings.Setting;
import org.opensearch.core.ParseField;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.plugins.ActionPlugin.ActionHandler;
import org.opensearch.rest.RestHandler;
import org.prectr.opensearch.breaker.PrectrBreaker;
import org.prectr.opensearch.stats.RestStatsAction;
import org.prectr.opensearch.stats.StatsAction;
import org.prectr.opensearch.stats.TransportStatsAction;

/**
 * What the plugin registers for model management, stats and the breaker, in one place so that the
 * plugin class only delegates: transport actions (each a permission of its own), REST handlers, the
 * system index, the cluster-state catalog's (de)serialisers and the settings.
 */
public final class ModelManagement {

    private ModelManagement() {}

    /** @return the transport actions */
    public static List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> actions() {
        return List.of(new ActionHandler<>(PutModelAction.INSTANCE, TransportPutModelAction.class),
            new ActionHandler<>(PutModelChunkAction.INSTANCE, TransportPutModelChunkAction.class),
            new ActionHandler<>(DeleteModelAction.INSTANCE, TransportDeleteModelAction.class),
            new ActionHandler<>(GetModelsAction.GET, TransportGetModelsAction.Get.class),
            new ActionHandler<>(GetModelsAction.LIST, TransportGetModelsAction.All.class),
            new ActionHandler<>(StatsAction.INSTANCE, TransportStatsAction.class));
    }

    /** @return the REST handlers */
    public static List<RestHandler> restHandlers() {
        return List.of(new RestModelsAction(), new RestModelChunkAction(), new RestStatsAction());
    }

    /** @return the system index holding bundle bytes */
    public static List<SystemIndexDescriptor> systemIndices() {
        return List.of(new SystemIndexDescriptor(ModelIndex.NAME, "PRECTR model bundles uploaded through _plugins/_prectr/models"));
    }

    /** @return wire readers of the cluster-state catalog */
    public static List<NamedWriteableRegistry.Entry> namedWriteables() {
        return List.of(new NamedWriteableRegistry.Entry(Metadata.Custom.class, ModelsMetadata.TYPE, ModelsMetadata::new),
            new NamedWriteableRegistry.Entry(NamedDiff.class, ModelsMetadata.TYPE, ModelsMetadata::readDiffFrom));
    }

    /** @return the XContent reader of the catalog (persisted cluster metadata) */
    public static List<NamedXContentRegistry.Entry> namedXContent() {
        return List.of(new NamedXContentRegistry.Entry(Metadata.Custom.class, new ParseField(ModelsMetadata.TYPE),
            ModelsMetadata::fromXContent));
    }

    /** @return the node settings of the store and the breaker */
    public static List<Setting<?>> settings() {
        List<Setting<?>> settings = new ArrayList<>(ModelStoreSettings.all());
        settings.add(PrectrBreaker.LIMIT);
        return settings;
    }
}
