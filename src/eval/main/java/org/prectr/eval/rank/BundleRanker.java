package org.prectr.eval.rank;

import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.data.EsciGrade;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.HistoryEntry;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.core.inference.PreparedQuery;
import org.prectr.core.inference.ScoredWindow;
import org.prectr.core.inference.WindowScorer;
import org.prectr.core.inference.WindowScores;
import org.prectr.core.text.ItemText;
import org.prectr.core.text.TokenBatch;
import org.prectr.eval.data.Product;
import org.prectr.eval.data.ProductCatalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A PRECTR bundle scored through the SERVED path: the core's {@link ModelBundle} and
 * {@link WindowScorer}, the code the OpenSearch rescorer runs, so the evaluation measures what the
 * plugin serves. Per session the user's logged history becomes the request's {@code user.history}
 * (query, item, grade when judged, clicked); the window carries BM25 scores, titles, the numeric
 * fields {@code rating}, {@code rating_count}, {@code price} and the keyword fields {@code brand},
 * {@code color}, {@code category} (top level), {@code is_book}. Item embeddings are computed once per
 * product with the bundle's item encoder and passed as stored embeddings, as the plugin's ingest
 * processor would store them.
 *
 * <p>Outputs: score = the bundle's {@code score}; relevance = expected gain sum_i gain_i P(grade = i);
 * click probability = the fused sum_i c_i p_i.
 */
public final class BundleRanker implements Ranker {
    private final String name;
    private final ModelBundle bundle;
    private final WindowScorer scorer;
    private final boolean useHistory;
    private final boolean labelledHistory;
    private final ProductCatalog catalog;
    private final Map<String, float[]> itemEmbeddings = new HashMap<>();
    /** P(grade | q_j, d_j) per (query, product) of history clicks, as the plugin's node cache keeps them. */
    private final Map<String, float[]> inferredGrades = new HashMap<>();

    /**
     * @param useHistory false scores every user as anonymous (no history)
     */
    public BundleRanker(String name, Path bundleDir, boolean useHistory, ProductCatalog catalog) throws Exception {
        this(name, bundleDir, useHistory, false, catalog);
    }

    /**
     * @param useHistory false scores every user as anonymous (no history)
     * @param labelledHistory true: history clicks carry their real grade when judged (what round 1 served);
     *     false: they carry no grade and the bundle infers P(grade | q_j, d_j) for them, as the plugin does
     *     for a shop's UBI clicks (the default)
     * @param catalog the products, for the items of history clicks
     */
    public BundleRanker(String name, Path bundleDir, boolean useHistory, boolean labelledHistory, ProductCatalog catalog)
        throws Exception {
        this.name = name;
        this.catalog = catalog;
        this.bundle = ModelBundle.load(bundleDir, InferenceOptions.DEFAULT);
        this.scorer = bundle.scorer();
        this.useHistory = useHistory;
        this.labelledHistory = labelledHistory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean personalised() {
        return useHistory;
    }

    @Override
    public RankerOutput score(RankRequest request) {
        UserContext user = useHistory ? user(request) : UserContext.anonymous();
        PreparedQuery prepared = scorer.prepare(request.query(), user);
        ScoredWindow scored = scorer.score(prepared, window(request));
        WindowScores w = scored.scores();
        float[] gains = EsciGrade.gains(w.grades());
        if (w.nonFiniteRows() > 0) {
            // an evaluation must not rank on a model fault silently (serving keeps such hits unscored)
            throw new org.prectr.core.inference.InferenceException("the scorer's outputs are not finite for ["
                + w.nonFiniteRows() + "] of [" + w.rows() + "] rows of query [" + request.query() + "]");
        }
        double[] score = new double[w.rows()];
        double[] relevance = new double[w.rows()];
        double[] click = new double[w.rows()];
        for (int r = 0; r < w.rows(); r++) {
            score[r] = w.score()[r];
            // the relevance head ranks by expected gain (the trainer selects on the same): under NDCG with
            // ESCI's gains (E 1, S 0.1, C 0.01, I 0) that orders a likely exact above a sure substitute
            double expected = 0;
            for (int g = 0; g < w.grades(); g++) expected += gains[g] * w.gradeProb(r, g);
            relevance[r] = expected;
            click[r] = Math.max(0, Math.min(1, w.fusedClick(r)));
        }
        return new RankerOutput(score, relevance, click);
    }

    private UserContext user(RankRequest request) {
        List<HistoryEntry> history = new ArrayList<>();
        if (!labelledHistory) {
            inferMissing(request.history());
        }
        for (HistoryItem h : request.history()) {
            Map<String, String> fields = historyItemFields(h.productId());
            if (labelledHistory) {
                history.add(new HistoryEntry(h.query(), h.productId(), h.grade() >= 0 ? h.grade() : null, h.clicked(), null, fields));
            } else {
                float[] inferred = h.clicked() && h.productId() != null ? inferredGrades.get(key(h.query(), h.productId())) : null;
                history.add(new HistoryEntry(h.query(), h.productId(), null, h.clicked(), inferred, fields));
            }
        }
        Map<String, Object> features = Map.of("segment", request.history().isEmpty() ? "new" : "returning");
        return new UserContext(request.userId(), features, history);
    }

    /** The keyword fields of a history item, as the plugin reads them from the index ({@code history_match}). */
    private Map<String, String> historyItemFields(String productId) {
        Product p = productId == null ? null : catalog.get(productId);
        if (p == null) {
            return Map.of();
        }
        return keywordValues(p);
    }

    /** The keyword fields the window carries for a product (blank ones left out), as the plugin reads them. */
    private static Map<String, String> keywordValues(Product p) {
        Map<String, String> fields = new HashMap<>();
        if (!p.brand().isBlank()) fields.put("brand", p.brand());
        if (!p.color().isBlank()) fields.put("color", p.color());
        fields.put("category", p.topCategory());
        fields.put("is_book", Boolean.toString(p.isBook()).toLowerCase(Locale.ROOT));
        return fields;
    }

    private CandidateWindow window(RankRequest request) {
        return window(request.products(), request.firstPassScores().clone());
    }

    private CandidateWindow window(List<Product> products, float[] firstPassScores) {
        int n = products.size();
        String[] titles = new String[n];
        double[] rating = new double[n], ratingCount = new double[n], price = new double[n];
        String[] brand = new String[n], color = new String[n], category = new String[n], isBook = new String[n];
        for (int i = 0; i < n; i++) {
            Product p = products.get(i);
            titles[i] = p.title();
            rating[i] = p.rating();
            ratingCount[i] = p.ratingCount();
            price[i] = p.price();
            Map<String, String> keywords = keywordValues(p);
            brand[i] = keywords.get("brand");
            color[i] = keywords.get("color");
            category[i] = keywords.get("category");
            isBook[i] = keywords.get("is_book");
        }
        int dim = bundle.model().embeddingDim();
        float[] embeddings = new float[n * dim];
        boolean[] present = new boolean[n];
        encodeMissing(products);
        for (int i = 0; i < n; i++) {
            System.arraycopy(itemEmbeddings.get(products.get(i).id()), 0, embeddings, i * dim, dim);
            present[i] = true;
        }
        return CandidateWindow.builder(firstPassScores, titles)
                .numeric("rating", rating).numeric("rating_count", ratingCount).numeric("price", price)
                .keyword("brand", brand).keyword("color", color).keyword("category", category).keyword("is_book", isBook)
                .embeddings(embeddings, present, dim)
                .build();
    }

    /** Infers, in one scorer call, the grades of the history clicks not inferred before (the served path's code). */
    private void inferMissing(List<HistoryItem> history) {
        List<String> queries = new ArrayList<>();
        List<Product> products = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (HistoryItem h : history) {
            if (h.clicked() && h.productId() != null && catalog.contains(h.productId())) {
                String k = key(h.query(), h.productId());
                if (!inferredGrades.containsKey(k) && seen.add(k)) {
                    queries.add(h.query());
                    products.add(catalog.get(h.productId()));
                }
            }
        }
        if (queries.isEmpty()) return;
        float[] probs = scorer.inferHistoryGrades(queries, scorer.encodeQueries(queries), window(products, new float[products.size()]));
        int k = probs.length / queries.size();
        for (int j = 0; j < queries.size(); j++) {
            inferredGrades.put(key(queries.get(j), products.get(j).id()), java.util.Arrays.copyOfRange(probs, j * k, (j + 1) * k));
        }
    }

    private static String key(String query, String productId) {
        return query + '\u0000' + productId;
    }

    /** Encodes (once) the products never seen before, with the bundle's item encoder on the item text fields. */
    private void encodeMissing(List<Product> products) {
        List<Product> missing = new ArrayList<>();
        for (Product p : products) if (!itemEmbeddings.containsKey(p.id())) missing.add(p);
        if (missing.isEmpty()) return;
        List<String> fields = bundle.manifest().itemTextFields();
        List<String> texts = new ArrayList<>(missing.size());
        for (Product p : missing) texts.add(itemText(p, fields));
        int dim = bundle.model().embeddingDim();
        int batch = 64;
        for (int start = 0; start < texts.size(); start += batch) {
            List<String> part = texts.subList(start, Math.min(texts.size(), start + batch));
            TokenBatch tokens = bundle.tokenizer().encodeBatch(part, bundle.manifest().tokenizer().itemMaxLength());
            float[] out = bundle.model().encodeItems(tokens);
            for (int i = 0; i < part.size(); i++) {
                float[] e = new float[dim];
                System.arraycopy(out, i * dim, e, 0, dim);
                itemEmbeddings.put(missing.get(start + i).id(), e);
            }
        }
    }

    /** The item text the plugin encodes: the item text fields' values joined by the core's {@link ItemText} rule. */
    static String itemText(Product p, List<String> fields) {
        return ItemText.join(fields, p::values);
    }

    @Override
    public void close() {
        bundle.close();
    }
}
