package org.prectr.opensearch;

import java.util.ArrayList;
import java.util.List;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.search.SearchAction;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.action.support.ActionFilterChain;
import org.opensearch.action.support.ActionRequestMetadata;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.rescore.RescorerBuilder;
import org.opensearch.tasks.Task;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.shard.PrectrServices;

/**
 * Checks {@code prectr} rescores on the coordinating node before any shard works: a window smaller
 * than {@code from + size} would rescore only part of the page and mix model scores with first-phase
 * scores, so it is a 400 (the message follows the Elasticsearch LTR rescorer's). It also binds
 * rescorers built in Java (not parsed by this node) to the node's services, so that a locally executed
 * shard request, which is not serialised, finds the model registry.
 */
public final class PrectrSearchFilter implements ActionFilter {

    private final PrectrServices services;

    /**
     * @param services the node's services
     */
    public PrectrSearchFilter(PrectrServices services) {
        this.services = services;
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
        if (SearchAction.NAME.equals(action) && request instanceof SearchRequest search && search.source() != null) {
            try {
                checkAndBind(search.source());
            } catch (IllegalArgumentException e) {
                listener.onFailure(e);
                return;
            }
        }
        chain.proceed(task, action, request, listener);
    }

    /**
     * @param source a search source
     * @throws IllegalArgumentException when a prectr window is smaller than from + size
     */
    void checkAndBind(SearchSourceBuilder source) {
        @SuppressWarnings("rawtypes")
        List<RescorerBuilder> rescores = source.rescores();
        if (rescores == null || rescores.isEmpty()) {
            return;
        }
        int from = Math.max(0, source.from());
        int size = source.size() < 0 ? SearchRequestDefaults.SIZE : source.size();
        boolean unbound = false;
        for (RescorerBuilder<?> rescore : rescores) {
            if (rescore instanceof PrectrRescorerBuilder prectr) {
                int window = prectr.windowSize() == null ? RescorerBuilder.DEFAULT_WINDOW_SIZE : prectr.windowSize();
                if (window < from + size) {
                    throw new IllegalArgumentException("rescorer [window_size] is too small and should be at least the value of [from + size: "
                        + (from + size) + "] but was [" + window + "]");
                }
                unbound |= prectr.isBound() == false;
            }
        }
        if (unbound) {
            List<RescorerBuilder<?>> bound = new ArrayList<>(rescores.size());
            for (RescorerBuilder<?> rescore : rescores) {
                bound.add(rescore instanceof PrectrRescorerBuilder prectr ? prectr.bindTo(services) : rescore);
            }
            source.clearRescorers();
            bound.forEach(source::addRescorer);
        }
    }

    /** OpenSearch's default page size, used when a request sets none. */
    private static final class SearchRequestDefaults {
        static final int SIZE = 10;
    }
}
