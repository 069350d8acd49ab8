package org.prectr.opensearch.personal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.ExceptionsHelper;
import org.opensearch.OpenSearchSecurityException;
import org.opensearch.action.ActionRunnable;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetResponse;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.cache.Cache;
import org.opensearch.common.cache.CacheBuilder;
import org.opensearch.common.lease.Releasable;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.search.SearchHit;
import org.opensearch.secure_sm.AccessController;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.HistoryEntry;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.InferenceException;
import org.prectr.core.inference.PreparedQuery;
import org.prectr.core.inference.WindowScorer;
import org.prectr.opensearch.PrectrSettings;
import org.prectr.opensearch.rescore.PrectrRescoreContext;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.rescore.PreparedRequest;
import org.prectr.opensearch.rescore.RequestUser;
import org.prectr.opensearch.shard.ModelBundleRegistry;
import org.prectr.opensearch.stats.PreparationStats;

/**
 * The per-request work of a {@code prectr} rescore, done once on the coordinating node from the
 * builder's rewrite (docs/request.md "Personalisation"), asynchronously: nothing here blocks a search
 * or transport thread. On the calling thread it only plans (which bundle, which index, whether to read
 * the user's clicks); the bundle load and the model calls run on the plugin's {@value #THREAD_POOL}
 * pool; the UBI lookup is ONE search and the clicked items ONE multi-get, both asynchronous and run
 * with the caller's thread context (so with the caller's permissions).
 *
 * <p>Then: E(q) and E(q_j) (cached by bundle and text), the inferred grades of the history clicks
 * (cached by bundle, query and item), r_u(q), r_cate(q) and the history statistics, shipped to the
 * shards as a {@link PreparedRequest}. When the work cannot be done once for all shards (several
 * indexes with different bundles, {@code index.prectr.prepare_on_coordinator: false}) the answer is
 * {@link PreparedRequest#onShardsMarker()} and each shard prepares as before.
 *
 * <p>Failure policy: request errors (a grade out of range, a history index that is not UBI-shaped, a
 * missing bundle) fail the search with a 400; a history lookup the caller may not run, or that fails,
 * serves the user as anonymous and is counted in the stats.
 */
public final class RequestPreparer {

    /** The plugin's thread pool for bundle loads and per-request model calls. */
    public static final String THREAD_POOL = "prectr_prepare";

    private static final Logger LOGGER = LogManager.getLogger(RequestPreparer.class);
    private static final long MAX_ENCODINGS = 20_000;
    private static final long MAX_GRADES = 100_000;

    private final ModelBundleRegistry bundles;
    private final PreparationStats stats;
    private final UbiShape shape = new UbiShape();
    /** (bundle key, text) -> E(text) */
    private final Cache<List<String>, float[]> encodings = CacheBuilder.<List<String>, float[]>builder().setMaximumWeight(MAX_ENCODINGS)
        .build();
    /** (bundle key, query, item) -> P(grade | query, item) */
    private final Cache<List<String>, float[]> grades = CacheBuilder.<List<String>, float[]>builder().setMaximumWeight(MAX_GRADES).build();
    private volatile ClusterService clusterService;
    private volatile IndexNameExpressionResolver resolver;
    private volatile ThreadPool threadPool;

    /**
     * @param bundles the node's bundle registry
     * @param stats the counters
     */
    public RequestPreparer(ModelBundleRegistry bundles, PreparationStats stats) {
        this.bundles = bundles;
        this.stats = stats;
    }

    /**
     * Connects to the node; before this (unit tests) requests are prepared on the shards.
     *
     * @param clusterService the cluster service
     * @param resolver resolves the searched index names
     * @param threadPool the node's thread pools
     */
    public void start(ClusterService clusterService, IndexNameExpressionResolver resolver, ThreadPool threadPool) {
        this.clusterService = clusterService;
        this.resolver = resolver;
        this.threadPool = threadPool;
    }

    /** @return whether the node is connected */
    public boolean started() {
        return threadPool != null;
    }

    /** @return the counters */
    public PreparationStats stats() {
        return stats;
    }

    /**
     * @param model a bundle name
     * @return whether it is loaded on this node (its current copy, for an uploaded one)
     */
    public boolean isLoaded(String model) {
        return bundles.isLoaded(model);
    }

    /**
     * Loads a bundle on the plugin's pool (a data node's rewrite, before its shards build their contexts).
     *
     * @param model a bundle name
     * @param listener told when it is loaded
     */
    public void load(String model, ActionListener<Void> listener) {
        executor().execute(ActionRunnable.run(listener, () -> bundles.acquire(model)));
    }

    private ExecutorService executor() {
        return threadPool.executor(THREAD_POOL);
    }

    /**
     * Prepares a request for all its shards.
     *
     * @param request the rescore request
     * @param search the search's indices
     * @param client the node client, with the caller's thread context
     * @param listener gets the prepared request, or the on-shards marker, or a request error
     */
    public void prepare(PrectrRescorerBuilder request, IndicesRequest search, Client client, ActionListener<PreparedRequest> listener) {
        Plan plan;
        try {
            plan = plan(request, search);
        } catch (IllegalArgumentException e) {
            listener.onFailure(e);
            return;
        } catch (RuntimeException e) {
            // e.g. no such index: the search itself reports it
            listener.onResponse(PreparedRequest.onShardsMarker());
            return;
        }
        if (plan == null) {
            listener.onResponse(PreparedRequest.onShardsMarker());
            return;
        }
        if (plan.onShards) {
            // the shards prepare; their nodes still load the bundle in their rewrite, off the search threads
            listener.onResponse(PreparedRequest.onShardsMarker(plan.model));
            return;
        }
        long start = System.nanoTime();
        ActionListener<PreparedRequest> timed = ActionListener.wrap(prepared -> {
            stats.preparedOnCoordinator(prepared.history().source().ordinal(), System.nanoTime() - start);
            listener.onResponse(prepared);
        }, listener::onFailure);
        executor().execute(ActionRunnable.wrap(timed, l -> {
            ModelBundle bundle = bundles.acquire(plan.model);
            PrectrRescoreContext.checkHistoryGrades(request, bundle.manifest().gradeCount());
            if (plan.history != null) {
                lookUpHistory(plan, bundle, client, l);
            } else {
                List<HistoryEntry> history = request.user() == null ? List.of() : request.user().toCore().history();
                PreparedRequest.Source source = history.isEmpty() ? PreparedRequest.Source.NONE : PreparedRequest.Source.REQUEST;
                readItems(plan, bundle, history, source, client, l);
            }
        }));
    }

    /** What the coordinator will do for a request. */
    private record Plan(PrectrRescorerBuilder request, String model, boolean onShards, String index, Settings indexSettings,
                        HistorySettings history) {
    }

    /** @return the plan, or null when the indexes agree on no bundle (the shards prepare, and report a missing one) */
    private Plan plan(PrectrRescorerBuilder request, IndicesRequest search) {
        ClusterState state = clusterService.state();
        String[] indices = resolver.concreteIndexNames(state, search);
        if (indices.length == 0) {
            return null;
        }
        String model = request.model();
        boolean onShards = false;
        for (String name : indices) {
            Settings settings = state.metadata().index(name).getSettings();
            onShards |= PrectrSettings.PREPARE_ON_COORDINATOR.get(settings) == false;
            String indexModel = request.model() != null ? request.model() : PrectrSettings.MODEL.get(settings);
            if (indexModel.isEmpty() || (model != null && model.equals(indexModel) == false)) {
                return null;    // no model (the shards say so) or indexes with different bundles
            }
            model = indexModel;
        }
        if (onShards) {
            return new Plan(request, model, true, null, Settings.EMPTY, null);
        }
        // the clicked items are read from the searched index: one index, or no items (then no inferred grades)
        String index = indices.length == 1 ? indices[0] : null;
        IndexMetadata metadata = index == null ? null : state.metadata().index(index);
        Settings settings = metadata == null ? Settings.EMPTY : metadata.getSettings();
        RequestUser user = request.user();
        HistorySettings history = null;
        if (index != null && user != null && user.id() != null && user.history().isEmpty()) {
            HistorySettings configured = HistorySettings.of(settings);
            if (configured.enabled()) {
                shape.check(state, index, configured);
                history = configured;
            }
        }
        return new Plan(request, model, false, index, settings, history);
    }

    private void lookUpHistory(Plan plan, ModelBundle bundle, Client client, ActionListener<PreparedRequest> listener) {
        String userId = plan.request.user().id();
        client.search(UbiClicks.request(userId, plan.history, threadPool.absoluteTimeInMillis()), ActionListener.wrap(
            response -> {
                UbiClicks.Result result = UbiClicks.parse(sources(response), plan.history.maxEntries());
                stats.historyLookup(result.clicks().size());
                stats.malformedEvents(result.malformed());
                List<HistoryEntry> history = new ArrayList<>(result.clicks().size());
                result.clicks().forEach(c -> history.add(new HistoryEntry(c.query(), c.item(), null, true)));
                readItems(plan, bundle, history, history.isEmpty() ? PreparedRequest.Source.NONE : PreparedRequest.Source.UBI, client,
                    listener);
            },
            e -> {
                Throwable cause = ExceptionsHelper.unwrapCause(e);
                if (cause instanceof OpenSearchSecurityException || ExceptionsHelper.status(e) == RestStatus.FORBIDDEN) {
                    stats.historyDenied();
                } else {
                    stats.historyFailed();
                    LOGGER.debug("prectr history lookup for a user failed; serving the user as anonymous", e);
                }
                readItems(plan, bundle, List.of(), PreparedRequest.Source.NONE, client, listener);
            }));
    }

    private static List<Map<String, Object>> sources(SearchResponse response) {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            Map<String, Object> source = hit.getSourceAsMap();
            sources.add(source == null ? Map.of() : source);
        }
        return sources;
    }

    /** Reads, in one multi-get, the items of the used clicks whose grade is neither given nor cached. */
    private void readItems(Plan plan, ModelBundle bundle, List<HistoryEntry> history, PreparedRequest.Source source, Client client,
                           ActionListener<PreparedRequest> listener) {
        WindowScorer scorer = bundle.scorer();
        List<HistoryEntry> used = scorer.histogram().usedEntries(history);
        String key = bundleKey(bundle);
        Set<String> ids = new LinkedHashSet<>();
        boolean readsFields = bundle.schema().historyFields().isEmpty() == false;
        if (plan.index != null) {
            for (HistoryEntry entry : used) {
                // an item is read when its grade is to be inferred, or when history_match features compare its fields
                if (entry.clicked() && entry.item() != null && (readsFields || (entry.grade() == null
                    && grades.get(List.of(key, entry.query(), entry.item())) == null))) {
                    ids.add(entry.item());
                }
            }
        }
        if (ids.isEmpty()) {
            executor().execute(ActionRunnable.supply(listener, () -> finish(plan, bundle, history, source, Map.of())));
            return;
        }
        HistoryItems items = new HistoryItems(plan.index, plan.indexSettings, bundle.schema(), bundle.manifest().version(),
            bundle.manifest().embeddingDim());
        client.multiGet(items.request(ids), ActionListener.wrap(
            response -> executor().execute(ActionRunnable.supply(listener,
                () -> finish(plan, bundle, history, source, found(response)))),
            e -> {
                stats.historyFailed();
                LOGGER.debug("prectr history items could not be read; their grades are not inferred", e);
                executor().execute(ActionRunnable.supply(listener, () -> finish(plan, bundle, history, source, Map.of())));
            }));
    }

    private static Map<String, Map<String, Object>> found(MultiGetResponse response) {
        Map<String, Map<String, Object>> found = new HashMap<>();
        for (MultiGetItemResponse item : response.getResponses()) {
            if (item.isFailed() == false && item.getResponse().isExists()) {
                Map<String, Object> source = item.getResponse().getSourceAsMap();
                found.put(item.getId(), source == null ? Map.of() : source);
            }
        }
        return found;
    }

    /** On the plugin's pool: encodings, inferred grades, r_u, r_cate; one lease on the bundle for all model calls. */
    private PreparedRequest finish(Plan plan, ModelBundle bundle, List<HistoryEntry> history, PreparedRequest.Source source,
                                   Map<String, Map<String, Object>> items) {
        PrectrRescorerBuilder request = plan.request;
        WindowScorer scorer = bundle.scorer();
        String key = bundleKey(bundle);
        int dim = bundle.manifest().embeddingDim();
        int k = bundle.manifest().gradeCount();
        try (Releasable lease = bundles.lease(bundle)) {
            return AccessController.doPrivileged(() -> {
                List<HistoryEntry> used = scorer.histogram().usedEntries(history);
                List<String> texts = new ArrayList<>(used.size() + 1);
                texts.add(request.queryText());
                used.forEach(e -> texts.add(e.query()));
                float[] embeddings = encode(scorer, key, texts, dim);

                // grades of the used clicks that have none: cached, else inferred in one scorer call
                List<HistoryEntry> graded = new ArrayList<>(used);
                List<Integer> toInfer = new ArrayList<>();
                List<Map<String, Object>> toInferItems = new ArrayList<>();
                int cached = 0;
                for (int j = 0; j < used.size(); j++) {
                    HistoryEntry entry = used.get(j);
                    if (entry.clicked() == false || entry.grade() != null || entry.item() == null) {
                        continue;
                    }
                    float[] p = grades.get(List.of(key, entry.query(), entry.item()));
                    if (p != null) {
                        graded.set(j, entry.withInferredGrades(p));
                        cached++;
                    } else if (items.containsKey(entry.item())) {
                        toInfer.add(j);
                        toInferItems.add(items.get(entry.item()));
                    }
                }
                if (toInfer.isEmpty() == false) {
                    List<String> queries = new ArrayList<>(toInfer.size());
                    float[] queryEmbeddings = new float[toInfer.size() * dim];
                    for (int i = 0; i < toInfer.size(); i++) {
                        int j = toInfer.get(i);
                        queries.add(used.get(j).query());
                        System.arraycopy(embeddings, (j + 1) * dim, queryEmbeddings, i * dim, dim);
                    }
                    CandidateWindow window = new HistoryItems(plan.index, plan.indexSettings, bundle.schema(), bundle.manifest().version(),
                        dim).window(toInferItems);
                    float[] p = scorer.inferHistoryGrades(queries, queryEmbeddings, window);
                    for (int i = 0; i < toInfer.size(); i++) {
                        int j = toInfer.get(i);
                        float[] row = java.util.Arrays.copyOfRange(p, i * k, (i + 1) * k);
                        grades.put(List.of(key, used.get(j).query(), used.get(j).item()), row);
                        graded.set(j, used.get(j).withInferredGrades(row));
                    }
                }
                List<String> historyFields = bundle.schema().historyFields();
                if (historyFields.isEmpty() == false && items.isEmpty() == false) {
                    HistoryItems reader = new HistoryItems(plan.index, plan.indexSettings, bundle.schema(), bundle.manifest().version(), dim);
                    for (int j = 0; j < graded.size(); j++) {
                        HistoryEntry entry = graded.get(j);
                        if (entry.clicked() && entry.item() != null && items.containsKey(entry.item())) {
                            graded.set(j, entry.withItemFields(reader.keywordValues(items.get(entry.item()), historyFields)));
                        }
                    }
                }
                stats.grades(toInfer.size(), cached);
                int inferred = (int) graded.stream().filter(e -> e.grade() == null && e.inferredGrades() != null).count();

                RequestUser requestUser = request.user();
                UserContext user = new UserContext(requestUser == null ? null : requestUser.id(),
                    requestUser == null ? Map.of() : requestUser.features(), graded);
                float[] query = java.util.Arrays.copyOf(embeddings, dim);
                float[] usedEmbeddings = java.util.Arrays.copyOfRange(embeddings, dim, embeddings.length);
                PreparedQuery prepared = scorer.prepare(request.queryText(), user, query, usedEmbeddings);
                stats.preparedOnCoordinator();
                return PreparedRequest.of(plan.model, bundle.manifest().version(), prepared,
                    new PreparedRequest.HistoryOrigin(source, history.size(), inferred));
            });
        } catch (InferenceException e) {
            throw new org.opensearch.OpenSearchStatusException("[prectr] model bundle [" + plan.model + "] failed: " + e.getMessage(),
                RestStatus.BAD_REQUEST, e);
        }
    }

    /** E(text) for each text, from the cache or from ONE query-encoder call for the missing ones. */
    private float[] encode(WindowScorer scorer, String key, List<String> texts, int dim) {
        float[] out = new float[texts.size() * dim];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            float[] cached = encodings.get(List.of(key, texts.get(i)));
            if (cached != null) {
                System.arraycopy(cached, 0, out, i * dim, dim);
            } else {
                missing.computeIfAbsent(texts.get(i), t -> new ArrayList<>()).add(i);
            }
        }
        stats.encodingCacheHits(texts.size() - missing.values().stream().mapToInt(List::size).sum());
        if (missing.isEmpty()) {
            return out;
        }
        List<String> toEncode = new ArrayList<>(missing.keySet());
        float[] encoded = scorer.encodeQueries(toEncode);
        stats.queryEncoderCall(toEncode.size());
        for (int t = 0; t < toEncode.size(); t++) {
            float[] row = java.util.Arrays.copyOfRange(encoded, t * dim, (t + 1) * dim);
            encodings.put(List.of(key, toEncode.get(t)), row);
            for (int i : missing.get(toEncode.get(t))) {
                System.arraycopy(row, 0, out, i * dim, dim);
            }
        }
        return out;
    }

    /** Identifies a loaded copy: an uploaded bundle replaced under the same name and version gets new cache entries. */
    private static String bundleKey(ModelBundle bundle) {
        return bundle.manifest().name() + "@" + bundle.manifest().version() + "#" + System.identityHashCode(bundle);
    }
}
