package org.prectr.trainer.data;

import org.prectr.core.data.Product;
import org.prectr.core.text.QueryText;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.trainer.search.SearchHit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first-phase scores a training row would have had at serving time. UBI logs carry display
 * positions, not scores, and judgments carry neither, so the trainer re-runs the first phase the
 * rescorer sits behind (a BM25 {@code match} query on the given text fields, as the demo and the
 * evaluation search) over its own index of the catalogue: each row gets its product's BM25 score for the
 * query, and the window its query's best score over the whole catalogue, which is what the rescore
 * window's first hit scores on a one-shard index. A product the query does not match scores 0.
 */
public final class FirstPhaseScores {
    private final Bm25Index index;
    private final Map<String, Float> topScores = new HashMap<>();
    private final Map<String, List<String>> topItems = new HashMap<>();
    private final Map<String, ? extends Collection<String>> candidates;
    private final Map<String, List<SearchHit>> graded = new HashMap<>();

    private FirstPhaseScores(Bm25Index index, Map<String, ? extends Collection<String>> candidates) {
        this.index = index;
        this.candidates = candidates;
    }

    /**
     * @param products the catalogue
     * @param fields the searched text fields, at least one
     * @return the scorer
     * @throws IllegalArgumentException naming a field that no product has (a typo would give every row
     *     a first-phase score of 0)
     */
    public static FirstPhaseScores over(Map<String, Product> products, List<String> fields) {
        return over(products, fields, null);
    }

    /**
     * @param products the catalogue
     * @param fields the searched text fields, at least one
     * @param candidates per normalised query ({@link QueryText#normalise}), the products its window holds
     *     (its judged products); null: the window is the query's top of the whole catalogue
     * @return the scorer
     */
    public static FirstPhaseScores over(Map<String, Product> products, List<String> fields,
                                        Map<String, ? extends Collection<String>> candidates) {
        for (String f : fields) {
            if (products.values().stream().allMatch(p -> p.text(f).isBlank())) {
                throw new IllegalArgumentException("[first_phase_fields] field [" + f
                    + "] has no text in any of the " + products.size() + " products");
            }
        }
        Map<String, Map<String, String>> documents = new LinkedHashMap<>();
        for (Product p : products.values()) {
            Map<String, String> texts = new HashMap<>();
            for (String f : fields) {
                texts.put(f, p.text(f));
            }
            documents.put(p.id(), texts);
        }
        try {
            return new FirstPhaseScores(Bm25Index.build(documents, fields), candidates);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param query the query text
     * @param items product ids
     * @return their scores, in order (0 where the query does not match)
     */
    public float[] scores(String query, List<String> items) {
        Map<String, Float> found = index.scores(query, items);
        float[] out = new float[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = found.getOrDefault(items.get(i), 0f);
        }
        return out;
    }

    /**
     * @param query the query text
     * @param k hits wanted
     * @return the ids of the query's top-k products, best first (cached per query and k)
     */
    public List<String> topItems(String query, int k) {
        if (candidates != null) {
            List<SearchHit> window = graded(query);
            return window.subList(0, Math.min(k, window.size())).stream().map(SearchHit::productId).toList();
        }
        return topItems.computeIfAbsent(query + "\u0000" + k,
            key -> index.search(query, k).stream().map(h -> h.productId()).toList());
    }

    /**
     * @param query the query text
     * @return the best score of any product for the query (0 when nothing matches)
     */
    public float topScore(String query) {
        if (candidates != null) {
            List<SearchHit> window = graded(query);
            return window.isEmpty() ? 0f : window.get(0).score();
        }
        return topScores.computeIfAbsent(query, q -> {
            var hits = index.search(q, 1);
            return hits.isEmpty() ? 0f : hits.get(0).score();
        });
    }

    /** A query's judged candidates in BM25 order (cached). */
    private List<SearchHit> graded(String query) {
        return graded.computeIfAbsent(query, q -> {
            Collection<String> ids = candidates.get(QueryText.normalise(q));
            if (ids == null) {
                throw new IllegalArgumentException("[first_phase_candidates] is [judged] but the query [" + q
                    + "] has no judged products; give its judgments or use [catalogue]");
            }
            return index.rank(q, ids);
        });
    }
}
