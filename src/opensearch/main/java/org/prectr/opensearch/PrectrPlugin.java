package org.prectr.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsFilter;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.breaker.CircuitBreaker;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexModule;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.indices.breaker.BreakerSettings;
import org.opensearch.ingest.Processor;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.CircuitBreakerPlugin;
import org.opensearch.plugins.IngestPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.plugins.SystemIndexPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.FixedExecutorBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.opensearch.breaker.PrectrBreaker;
import org.prectr.opensearch.ingest.EmbeddingProcessor;
import org.prectr.opensearch.models.ModelIndex;
import org.prectr.opensearch.models.ModelManagement;
import org.prectr.opensearch.models.StoredModels;
import org.prectr.opensearch.personal.RequestPreparer;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.rescore.PrectrSearchListener;
import org.prectr.opensearch.rescore.RescoreProbe;
import org.prectr.opensearch.shard.LoadedBundles;
import org.prectr.opensearch.shard.ModelBundleRegistry;
import org.prectr.opensearch.shard.PrectrServices;
import org.prectr.opensearch.shard.ItemEncodingCache;
import org.prectr.opensearch.shard.RescoredWindows;
import org.prectr.opensearch.stats.PrectrStats;

/**
 * PRECTR for OpenSearch: registers the {@code prectr} rescorer, its index and node settings, the
 * search filter that checks window sizes, and owns the node's model bundle registry, which it closes
 * when the node stops.
 */
public class PrectrPlugin extends Plugin implements SearchPlugin, ActionPlugin, IngestPlugin, SystemIndexPlugin, CircuitBreakerPlugin {

    /** The plugin's name, also its install folder under {@code plugins/}. */
    public static final String NAME = "prectr";

    private final PrectrServices services;
    private final PrectrBreaker breaker = new PrectrBreaker();
    private final FieldSettingsFilter fieldSettingsFilter = new FieldSettingsFilter();
    /** Uploaded bundles (model API), with the node's rescore counters and breaker; see docs/reliability.md. */
    /** Every loaded bundle of the node, folder or upload: breaker bytes, reference counts, leases. */
    private final LoadedBundles loadedBundles = new LoadedBundles(InferenceOptions.DEFAULT, breaker);
    private final StoredModels storedModels = new StoredModels(loadedBundles, new PrectrStats());

    /**
     * @param settings the node's settings
     * @param configPath the node's config folder
     */
    public PrectrPlugin(Settings settings, Path configPath) {
        Environment environment = new Environment(settings, configPath);
        Path modelDir = PrectrSettings.modelDir(settings, environment.configDir());
        Path pluginModels = environment.pluginsDir().resolve(NAME).resolve("models");
        ModelBundleRegistry bundles = new ModelBundleRegistry(modelDir, pluginModels, loadedBundles, storedModels);
        ItemEncodingCache encodings = new ItemEncodingCache(settings, breaker);
        this.services = new PrectrServices(bundles, new RescoredWindows(), new RescoreProbe(),
            new RequestPreparer(bundles, storedModels.stats().preparation()), encodings);
        storedModels.stats().itemEncodingCache(encodings::count, encodings::sizeInBytes);
    }

    @Override
    public void onIndexModule(IndexModule indexModule) {
        // hands each prectr rescore its search's timeout (OpenSearch checks it only while the main query runs)
        indexModule.addSearchOperationListener(new PrectrSearchListener());
    }

    @Override
    public List<RescorerSpec<?>> getRescorers() {
        return List.of(new RescorerSpec<>(PrectrRescorerBuilder.NAME, in -> new PrectrRescorerBuilder(in, services),
            parser -> PrectrRescorerBuilder.fromXContent(parser, services)));
    }

    @Override
    public List<ActionFilter> getActionFilters() {
        return List.of(new PrectrSearchFilter(services), fieldSettingsFilter);
    }

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(EmbeddingProcessor.TYPE, new EmbeddingProcessor.Factory(services.bundles()));
    }

    @Override
    public List<Setting<?>> getSettings() {
        List<Setting<?>> settings = new ArrayList<>(PrectrSettings.all());
        settings.addAll(ModelManagement.settings());
        settings.add(ItemEncodingCache.SIZE);
        return settings;
    }

    @Override
    public Collection<Object> createComponents(Client client, ClusterService clusterService, ThreadPool threadPool,
                                               ResourceWatcherService resourceWatcherService, ScriptService scriptService,
                                               NamedXContentRegistry xContentRegistry, Environment environment,
                                               NodeEnvironment nodeEnvironment, NamedWriteableRegistry namedWriteableRegistry,
                                               IndexNameExpressionResolver indexNameExpressionResolver,
                                               Supplier<RepositoriesService> repositoriesServiceSupplier) {
        ModelIndex modelIndex = new ModelIndex(client, threadPool.getThreadContext());
        storedModels.start(clusterService, modelIndex);
        services.preparer().start(clusterService, indexNameExpressionResolver, threadPool);
        fieldSettingsFilter.start(clusterService, indexNameExpressionResolver);
        return List.of(storedModels, modelIndex);
    }

    @Override
    public List<ExecutorBuilder<?>> getExecutorBuilders(Settings settings) {
        // bundle loads and the per-request model calls of the coordinator path: never on a search or transport thread
        int processors = OpenSearchExecutors.allocatedProcessors(settings);
        return List.of(new FixedExecutorBuilder(settings, RequestPreparer.THREAD_POOL, processors, 1000,
            "thread_pool." + RequestPreparer.THREAD_POOL));
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return ModelManagement.actions();
    }

    @Override
    public List<RestHandler> getRestHandlers(Settings settings, RestController restController, ClusterSettings clusterSettings,
                                             IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter,
                                             IndexNameExpressionResolver indexNameExpressionResolver,
                                             Supplier<DiscoveryNodes> nodesInCluster) {
        return ModelManagement.restHandlers();
    }

    @Override
    public Collection<SystemIndexDescriptor> getSystemIndexDescriptors(Settings settings) {
        return ModelManagement.systemIndices();
    }

    @Override
    public List<NamedWriteableRegistry.Entry> getNamedWriteables() {
        return ModelManagement.namedWriteables();
    }

    @Override
    public List<NamedXContentRegistry.Entry> getNamedXContent() {
        return ModelManagement.namedXContent();
    }

    @Override
    public BreakerSettings getCircuitBreaker(Settings settings) {
        return PrectrBreaker.settings(settings);
    }

    @Override
    public void setCircuitBreaker(CircuitBreaker circuitBreaker) {
        breaker.set(circuitBreaker);
    }

    /** @return the node's services // visible for testing */
    public PrectrServices services() {
        return services;
    }

    @Override
    public void close() throws IOException {
        services.encodings().clear();
        services.bundles().close();
    }
}
