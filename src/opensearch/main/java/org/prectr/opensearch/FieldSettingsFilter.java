package org.prectr.opensearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.admin.indices.create.CreateIndexAction;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.admin.indices.mapping.put.PutMappingAction;
import org.opensearch.action.admin.indices.mapping.put.PutMappingRequest;
import org.opensearch.action.admin.indices.settings.put.UpdateSettingsAction;
import org.opensearch.action.admin.indices.settings.put.UpdateSettingsRequest;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.action.support.ActionFilterChain;
import org.opensearch.action.support.ActionRequestMetadata;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.IndexTemplateMetadata;
import org.opensearch.cluster.metadata.MappingMetadata;
import org.opensearch.cluster.metadata.MetadataIndexTemplateService;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.tasks.Task;

/**
 * Runs {@link FieldSettingsValidator} where an index's {@code index.prectr.*} field settings or its
 * mapping change, before the change is applied: index creation (the request's settings against its
 * mapping and the mappings of matching legacy templates), a settings update (the new values, a null
 * resetting one, against the current mapping) and a mapping change (what it defines against the
 * current settings). Each refusal is a 400 naming the setting, the field and what was expected.
 */
public final class FieldSettingsFilter implements ActionFilter {

    private volatile ClusterService clusterService;
    private volatile IndexNameExpressionResolver resolver;

    /**
     * @param clusterService the node's cluster service
     * @param resolver the node's index name resolver
     */
    void start(ClusterService clusterService, IndexNameExpressionResolver resolver) {
        this.resolver = resolver;
        this.clusterService = clusterService;
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public <Request extends ActionRequest, Response extends ActionResponse> void apply(Task task, String action, Request request,
                                                                                         ActionRequestMetadata<Request, Response> metadata,
                                                                                         ActionListener<Response> listener,
                                                                                         ActionFilterChain<Request, Response> chain) {
        ClusterService cluster = clusterService;
        if (cluster != null) {
            try {
                if (CreateIndexAction.NAME.equals(action) && request instanceof CreateIndexRequest create) {
                    checkCreate(cluster.state(), create);
                } else if (UpdateSettingsAction.NAME.equals(action) && request instanceof UpdateSettingsRequest update) {
                    checkUpdate(cluster.state(), update);
                } else if (PutMappingAction.NAME.equals(action) && request instanceof PutMappingRequest put) {
                    checkMapping(cluster.state(), put);
                }
            } catch (RuntimeException e) {
                // a bad setting (400), or e.g. an unknown index: the same answer the action itself would give
                listener.onFailure(e);
                return;
            }
        }
        chain.proceed(task, action, request, listener);
    }

    private static Settings normalised(Settings settings) {
        return Settings.builder().put(settings).normalizePrefix(IndexMetadata.INDEX_SETTING_PREFIX).build();
    }

    private static boolean namesFields(Settings settings) {
        return settings.keySet().stream().anyMatch(k -> k.startsWith("index.prectr."));
    }

    private static void checkCreate(ClusterState state, CreateIndexRequest create) {
        Settings requested = normalised(create.settings());
        boolean hidden = IndexMetadata.INDEX_HIDDEN_SETTING.get(requested);
        List<IndexTemplateMetadata> templates = MetadataIndexTemplateService.findV1Templates(state.metadata(), create.index(), hidden);
        // the index gets the matching legacy templates' settings (lowest order first), then the request's
        Settings.Builder merged = Settings.builder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            merged.put(normalised(templates.get(i).settings()));
        }
        Settings settings = merged.put(requested).build();
        if (namesFields(settings) == false) {
            return;
        }
        List<Map<String, Object>> mappings = new ArrayList<>();
        for (IndexTemplateMetadata template : templates) {
            if (template.mappings() != null) {
                mappings.add(XContentHelper.convertToMap(template.mappings().uncompressed(), true).v2());
            }
        }
        if (create.mappings() != null && create.mappings().isEmpty() == false) {
            mappings.add(XContentHelper.convertToMap(JsonXContent.jsonXContent, create.mappings(), true));
        }
        // a composable template's mapping is resolved only when the index is built: its fields are checked at search time
        boolean composable = MetadataIndexTemplateService.findV2Template(state.metadata(), create.index(), hidden) != null;
        FieldSettingsValidator.validate(create.index(), settings, FieldSettingsValidator.mappedFields(mappings), composable);
    }

    private void checkUpdate(ClusterState state, UpdateSettingsRequest update) {
        Settings changes = normalised(update.settings());
        if (namesFields(changes) == false) {
            return;
        }
        for (String name : resolver.concreteIndexNames(state, update)) {
            IndexMetadata index = state.metadata().index(name);
            // the settings the index will have: only the changed ones are checked (a null resets one: nothing to check)
            Settings.Builder next = Settings.builder();
            for (String key : changes.keySet()) {
                if (key.startsWith("index.prectr.") && changes.get(key) != null) {
                    next.put(key, changes.get(key));
                }
            }
            FieldSettingsValidator.validate(name, next.build(), FieldSettingsValidator.mappedFields(mappingOf(index)), false);
        }
    }

    private void checkMapping(ClusterState state, PutMappingRequest put) {
        String[] names = put.getConcreteIndex() != null ? new String[] {put.getConcreteIndex().getName()}
            : resolver.concreteIndexNames(state, put);
        Map<String, Object> source = XContentHelper.convertToMap(JsonXContent.jsonXContent, put.source(), true);
        for (String name : names) {
            IndexMetadata index = state.metadata().index(name);
            if (index == null || namesFields(index.getSettings()) == false) {
                continue;
            }
            FieldSettingsValidator.validate(name, index.getSettings(), FieldSettingsValidator.mappedFields(List.of(source)), true);
        }
    }

    private static List<Map<String, Object>> mappingOf(IndexMetadata index) {
        MappingMetadata mapping = index == null ? null : index.mapping();
        return mapping == null ? List.of() : List.of(mapping.sourceAsMap());
    }
}
