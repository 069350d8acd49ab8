package org.prectr.opensearch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.ingest.Processor;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.IngestPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.opensearch.ingest.EmbeddingProcessor;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.shard.ModelBundleRegistry;
import org.prectr.opensearch.shard.PrectrServices;
import org.prectr.opensearch.shard.RescoredWindows;

/**
 * PRECTR for OpenSearch: registers the {@code prectr} rescorer, its index and node settings, the
 * search filter that checks window sizes, and owns the node's model bundle registry, which it closes
 * when the node stops.
 */
public class PrectrPlugin extends Plugin implements SearchPlugin, ActionPlugin, IngestPlugin {

    /** The plugin's name, also its install folder under {@code plugins/}. */
    public static final String NAME = "prectr";

    private final PrectrServices services;

    /**
     * @param settings the node's settings
     * @param configPath the node's config folder
     */
    public PrectrPlugin(Settings settings, Path configPath) {
        Environment environment = new Environment(settings, configPath);
        Path modelDir = PrectrSettings.modelDir(settings, environment.configDir());
        Path pluginModels = environment.pluginsDir().resolve(NAME).resolve("models");
        this.services = new PrectrServices(new ModelBundleRegistry(modelDir, pluginModels, InferenceOptions.DEFAULT),
            new RescoredWindows());
    }

    @Override
    public List<RescorerSpec<?>> getRescorers() {
        return List.of(new RescorerSpec<>(PrectrRescorerBuilder.NAME, in -> new PrectrRescorerBuilder(in, services),
            parser -> PrectrRescorerBuilder.fromXContent(parser, services)));
    }

    @Override
    public List<ActionFilter> getActionFilters() {
        return List.of(new PrectrSearchFilter(services));
    }

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(EmbeddingProcessor.TYPE, new EmbeddingProcessor.Factory(services.bundles()));
    }

    @Override
    public List<Setting<?>> getSettings() {
        return PrectrSettings.all();
    }

    /** @return the node's services // visible for testing */
    public PrectrServices services() {
        return services;
    }

    @Override
    public void close() {
        services.bundles().close();
    }
}
