package org.prectr.elasticsearch;

import java.nio.file.Path;
import java.util.List;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.elasticsearch.rescore.PrectrRescorerBuilder;
import org.prectr.elasticsearch.shard.ModelBundleRegistry;
import org.prectr.elasticsearch.shard.PrectrServices;
import org.prectr.elasticsearch.shard.RescoredWindows;

/**
 * PRECTR for Elasticsearch 8.19: registers the {@code prectr} rescorer and its settings (the same
 * request, settings, explain and errors as the OpenSearch plugin, through the shared core), and owns
 * the node's model bundle registry, which it closes when the node stops. The model store API, the
 * ingest processor and UBI history are OpenSearch-only for now (README).
 */
public class PrectrPlugin extends Plugin implements SearchPlugin {

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
