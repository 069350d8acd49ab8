package org.prectr.trainer.data;

import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureAssembler;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.HistoryEntry;
import org.prectr.core.inference.HistoryGradeInference;
import org.prectr.core.features.MatchFeatures;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.core.features.RequestFeatures;
import org.prectr.core.features.UserContext;
import org.prectr.core.features.UserPreferenceHistogram;
import org.prectr.core.text.ItemText;
import org.prectr.trainer.train.TextEmbedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link ExampleTable}s exactly as the rescorer sees its inputs at query time: one
 * {@link CandidateWindow} per logged result list (rows in position order), the user's history before
 * that search as a {@link UserContext}, {@link RequestFeatures#compute} for r_u, r_cate and the
 * history statistics, and the core {@link FeatureAssembler} for every feature value. No feature is
 * computed here; this class only gathers the inputs.
 *
 * <p>History: every earlier search of the same user adds, per clicked item, an entry (query, item,
 * grade from {@code historyGrades} when judged, clicked) and, for a search without clicks, one
 * not-clicked entry for the query, so that {@code click_rate} means "share of history entries
 * clicked". Embeddings are computed once per distinct text and cached.
 */
public final class ExampleBuilder {

    private final FeatureAssembler assembler;
    private final FeatureSchema schema;
    private final TextEmbedder embedder;
    private final UserPreferenceHistogram histogram;
    private final QueryPreferenceTable table;
    private final MatchFeatures match = new MatchFeatures();
    private final Map<String, Product> products;
    private final List<String> itemTextFields;
    private final FirstPhaseScores firstPhase;
    private final Map<String, float[]> queryCache = new HashMap<>();
    private final Map<String, float[]> itemCache = new HashMap<>();
    /** P(grade | q_j, d_j) per clicked (query, item) of the history, inferred by the model; empty: none. */
    private final Map<String, float[]> inferredHistoryGrades = new HashMap<>();

    /**
     * @param schema the features
     * @param embedder the frozen text embedder
     * @param histogram r_u(q) settings
     * @param table r_cate table, or null (V1)
     * @param products the catalogue
     * @param itemTextFields fields joined into the item text
     * @param firstPhase the first-phase scores of rows, or null when the schema reads none (scores are 0)
     */
    public ExampleBuilder(FeatureSchema schema, TextEmbedder embedder, UserPreferenceHistogram histogram,
                          QueryPreferenceTable table, Map<String, Product> products, List<String> itemTextFields,
                          FirstPhaseScores firstPhase) {
        this.assembler = new FeatureAssembler(schema);
        this.schema = schema;
        this.embedder = embedder;
        this.histogram = histogram;
        this.table = table;
        this.products = products;
        this.itemTextFields = List.copyOf(itemTextFields);
        this.firstPhase = firstPhase;
    }

    /** @return a builder over the same inputs with another schema (e.g. with standardisation stats) */
    public ExampleBuilder withSchema(FeatureSchema other) {
        ExampleBuilder b = new ExampleBuilder(other, embedder, histogram, table, products, itemTextFields, firstPhase);
        b.queryCache.putAll(queryCache);
        b.itemCache.putAll(itemCache);
        b.inferredHistoryGrades.putAll(inferredHistoryGrades);
        return b;
    }

    /**
     * Infers, with the core {@link HistoryGradeInference} (the serving path's), P(grade | q_j, d_j) of every
     * clicked (query, item) of these impressions, and attaches the result to the history entries this
     * builder makes from now on that have no labelled grade: r_u(q) then reads what the model says of a
     * user's clicks, as it does at serving time, where no grade is known.
     *
     * @param impressions the logged impressions whose clicks become history
     * @param inference the model's relevance head
     * @return the number of distinct clicked pairs inferred
     */
    public int inferHistoryGrades(List<Impression> impressions, HistoryGradeInference inference) {
        java.util.LinkedHashMap<String, String[]> pairs = new java.util.LinkedHashMap<>();
        for (Impression i : impressions) {
            if (i.clicked() && products.containsKey(i.item())) {
                pairs.putIfAbsent(pairKey(i.query(), i.item()), new String[] {i.query(), i.item()});
            }
        }
        List<String[]> all = new ArrayList<>(pairs.values());
        int d = embedder.dim();
        final int chunk = 4096;
        for (int from = 0; from < all.size(); from += chunk) {
            List<String[]> part = all.subList(from, Math.min(all.size(), from + chunk));
            List<String> queries = part.stream().map(p -> p[0]).toList();
            List<String> items = part.stream().map(p -> p[1]).toList();
            embedTexts(queries, items);
            float[] q = new float[part.size() * d];
            float[] t = new float[part.size() * d];
            for (int j = 0; j < part.size(); j++) {
                System.arraycopy(queryCache.get(queries.get(j)), 0, q, j * d, d);
                System.arraycopy(itemCache.get(items.get(j)), 0, t, j * d, d);
            }
            float[] probs = inference.infer(queries, q, documentWindow(new float[part.size()], items, null), t);
            int k = probs.length / part.size();
            for (int j = 0; j < part.size(); j++) {
                inferredHistoryGrades.put(pairKey(queries.get(j), items.get(j)),
                    java.util.Arrays.copyOfRange(probs, j * k, (j + 1) * k));
            }
        }
        return all.size();
    }

    private static String pairKey(String query, String item) {
        return query + '\u0000' + item;
    }

    /** One window to assemble: its query, user, items and labels. */
    private record Window(String query, UserContext user, List<String> items, List<Integer> grades, List<Float> clicks,
                          List<Integer> positions, int group) {}

    /**
     * Examples from logged impressions (stage 2 and click validation).
     *
     * @param impressions impressions in chronological order (as {@link UbiLogReader} returns them)
     * @param labels grades attached to rows (e.g. the training judgments)
     * @param historyGrades grades attached to history entries
     * @return the examples; impressions of unknown products are skipped
     */
    public ExampleTable fromImpressions(List<Impression> impressions, Judgments labels, Judgments historyGrades) {
        return fromImpressions(impressions, labels, historyGrades, 0, 0, 0L);
    }

    /**
     * Logged searches plus unexposed window negatives: per search, up to {@code unexposed} products of the
     * query's first-phase top {@code window} that the search did not show, drawn with a seeded random
     * source, as rows with no click and position -1 (not shown). The rescorer scores the whole window,
     * but a log only holds the page that was shown, mostly relevant, high first-phase products (exposure
     * bias); these rows show the model the rest of the window, the way PRECTR-V2's hard negatives do in
     * embedding space.
     *
     * @param impressions logged impressions
     * @param labels grades for the rows (or null)
     * @param historyGrades grades attached to history entries
     * @param unexposed negatives per search (0: none)
     * @param window first-phase hits they are drawn from
     * @param seed seeds the draw
     * @return the examples
     * @throws IllegalStateException if negatives are asked for without a first phase
     */
    public ExampleTable fromImpressions(List<Impression> impressions, Judgments labels, Judgments historyGrades,
                                        int unexposed, int window, long seed) {
        if (unexposed > 0 && firstPhase == null) {
            throw new IllegalStateException("[unexposed_negatives] need a first phase (first_phase_fields) but there is none");
        }
        java.util.Random draw = new java.util.Random(seed);
        Map<String, List<Impression>> searches = new LinkedHashMap<>();
        for (Impression i : impressions) {
            if (products.containsKey(i.item())) {
                searches.computeIfAbsent(i.searchId(), id -> new ArrayList<>()).add(i);
            }
        }
        Map<String, List<HistoryEntry>> histories = new HashMap<>();
        List<Window> windows = new ArrayList<>();
        for (List<Impression> shown : searches.values()) {
            shown.sort((a, b) -> Integer.compare(a.position(), b.position()));
            Impression first = shown.get(0);
            List<HistoryEntry> history = histories.computeIfAbsent(first.user(), u -> new ArrayList<>());
            UserContext user = new UserContext(first.user(), Map.of(), List.copyOf(history));
            List<String> items = new ArrayList<>();
            List<Integer> grades = new ArrayList<>();
            List<Float> clicks = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            boolean anyClick = false;
            for (Impression i : shown) {
                items.add(i.item());
                grades.add(labels == null ? -1 : labels.grade(i.query(), i.item()));
                clicks.add(i.clicked() ? 1f : 0f);
                positions.add(i.position());
                if (i.clicked()) {
                    int g = historyGrades == null ? -1 : historyGrades.grade(i.query(), i.item());
                    history.add(new HistoryEntry(i.query(), i.item(), g >= 0 ? g : null, true,
                        g >= 0 ? null : inferredHistoryGrades.get(pairKey(i.query(), i.item())), historyItemFields(i.item())));
                    anyClick = true;
                }
            }
            if (unexposed > 0) {
                java.util.Set<String> shownIds = new java.util.HashSet<>(items);
                List<String> rest = new ArrayList<>();
                for (String id : firstPhase.topItems(first.query(), window)) {
                    if (!shownIds.contains(id) && products.containsKey(id)) {
                        rest.add(id);
                    }
                }
                java.util.Collections.shuffle(rest, draw);
                for (String id : rest.subList(0, Math.min(unexposed, rest.size()))) {
                    items.add(id);
                    grades.add(labels == null ? -1 : labels.grade(first.query(), id));
                    clicks.add(0f);
                    positions.add(-1);
                }
            }
            if (!anyClick) {
                history.add(new HistoryEntry(first.query(), null, null, false));
            }
            windows.add(new Window(first.query(), user, items, grades, clicks, positions, windows.size()));
        }
        return assemble(windows);
    }

    /**
     * Examples from judgments alone (stage 1 and relevance validation): every judged product in a window
     * of its own (so no first-phase feature tells the products apart: judgment files have no first-phase
     * order), an anonymous user, no clicks; the rows of one query share a group, for NDCG.
     *
     * @param judgments graded pairs
     * @return the examples; products missing from the catalogue are skipped
     */
    public ExampleTable fromJudgments(Judgments judgments) {
        List<Window> windows = new ArrayList<>();
        int group = 0;
        for (Map.Entry<String, Map<String, Integer>> query : judgments.byQuery().entrySet()) {
            boolean any = false;
            for (Map.Entry<String, Integer> judged : query.getValue().entrySet()) {
                if (products.containsKey(judged.getKey())) {
                    windows.add(new Window(query.getKey(), UserContext.anonymous(), List.of(judged.getKey()),
                        List.of(judged.getValue()), List.of(-1f), List.of(-1), group));
                    any = true;
                }
            }
            if (any) {
                group++;
            }
        }
        return assemble(windows);
    }

    private ExampleTable assemble(List<Window> windows) {
        int f = schema.size();
        int d = embedder.dim();
        embedMissing(windows);
        Map<String, Integer> queryIndex = new LinkedHashMap<>();
        Map<String, Integer> itemIndex = new LinkedHashMap<>();
        int rows = windows.stream().mapToInt(w -> w.items().size()).sum();
        float[] features = new float[rows * f];
        int[] queryRow = new int[rows];
        int[] itemRow = new int[rows];
        int[] grades = new int[rows];
        float[] clicks = new float[rows];
        int[] group = new int[rows];
        int[] positions = new int[rows];
        int row = 0;
        for (int w = 0; w < windows.size(); w++) {
            Window window = windows.get(w);
            float[] q = queryCache.get(window.query());
            List<HistoryEntry> used = histogram.usedEntries(window.user().history());
            float[] historyEmbeddings = new float[used.size() * d];
            for (int j = 0; j < used.size(); j++) {
                System.arraycopy(queryCache.get(used.get(j).query()), 0, historyEmbeddings, j * d, d);
            }
            RequestFeatures request = RequestFeatures.compute(window.query(), window.user(), q, historyEmbeddings,
                histogram, table, match);
            float[] windowFeatures = assembler.assemble(request, candidateWindow(window.query(), window.items()));
            System.arraycopy(windowFeatures, 0, features, row * f, windowFeatures.length);
            int qi = queryIndex.computeIfAbsent(window.query(), k -> queryIndex.size());
            for (int r = 0; r < window.items().size(); r++) {
                String item = window.items().get(r);
                queryRow[row] = qi;
                itemRow[row] = itemIndex.computeIfAbsent(item, k -> itemIndex.size());
                grades[row] = window.grades().get(r);
                clicks[row] = window.clicks().get(r);
                group[row] = window.group();
                positions[row] = window.positions().get(r);
                row++;
            }
        }
        List<String> queryTexts = new ArrayList<>(queryIndex.keySet());
        List<String> itemIds = new ArrayList<>(itemIndex.keySet());
        List<String> itemTexts = itemIds.stream().map(this::itemText).toList();
        float[] queryEmbeddings = new float[queryTexts.size() * d];
        for (int i = 0; i < queryTexts.size(); i++) {
            System.arraycopy(queryCache.get(queryTexts.get(i)), 0, queryEmbeddings, i * d, d);
        }
        float[] itemEmbeddings = new float[itemIds.size() * d];
        for (int i = 0; i < itemIds.size(); i++) {
            System.arraycopy(itemCache.get(itemIds.get(i)), 0, itemEmbeddings, i * d, d);
        }
        return new ExampleTable(rows, f, d, features, queryRow, itemRow, queryTexts, itemIds, itemTexts,
            queryEmbeddings, itemEmbeddings, grades, clicks, group, positions);
    }

    /** Encodes, in batches, every query (including history queries) and item not yet cached. */
    private void embedMissing(List<Window> windows) {
        List<String> queries = new ArrayList<>();
        List<String> items = new ArrayList<>();
        java.util.Set<String> seenQ = new java.util.HashSet<>(queryCache.keySet());
        java.util.Set<String> seenI = new java.util.HashSet<>(itemCache.keySet());
        for (Window w : windows) {
            if (seenQ.add(w.query())) {
                queries.add(w.query());
            }
            for (HistoryEntry h : w.user().history()) {
                if (seenQ.add(h.query())) {
                    queries.add(h.query());
                }
            }
            for (String item : w.items()) {
                if (seenI.add(item)) {
                    items.add(item);
                }
            }
        }
        put(queryCache, queries, embedder.embed(queries, true));
        List<String> texts = items.stream().map(this::itemText).toList();
        put(itemCache, items, embedder.embed(texts, false));
    }

    /** Encodes the queries and items (ids) that are not cached yet. */
    private void embedTexts(List<String> queries, List<String> items) {
        List<String> q = queries.stream().distinct().filter(x -> !queryCache.containsKey(x)).toList();
        List<String> i = items.stream().distinct().filter(x -> !itemCache.containsKey(x)).toList();
        if (!q.isEmpty()) {
            put(queryCache, q, embedder.embed(q, true));
        }
        if (!i.isEmpty()) {
            put(itemCache, i, embedder.embed(i.stream().map(this::itemText).toList(), false));
        }
    }

    private void put(Map<String, float[]> cache, List<String> keys, float[] flat) {
        int d = embedder.dim();
        for (int i = 0; i < keys.size(); i++) {
            float[] v = new float[d];
            System.arraycopy(flat, i * d, v, 0, d);
            cache.put(keys.get(i), v);
        }
    }

    /** The item text of the bundle: the item_text_fields values joined by the core's {@link ItemText} rule. */
    String itemText(String id) {
        return ItemText.join(itemTextFields, products.get(id)::values);
    }

    private CandidateWindow candidateWindow(String query, List<String> items) {
        int n = items.size();
        // UBI logs carry positions, not first-phase scores: the scores are recomputed (FirstPhaseScores),
        // and a logged page or a judged product is only part of its result list, so the list's best score
        // is given explicitly; without a first phase the scores are 0
        return firstPhase == null ? documentWindow(new float[n], items, null)
            : documentWindow(firstPhase.scores(query, items), items, firstPhase.topScore(query));
    }

    /** A window of these items with the given first-phase scores (and best score, or null), texts and fields. */
    private CandidateWindow documentWindow(float[] scores, List<String> items, Float topScore) {
        int n = items.size();
        String[] texts = new String[n];
        for (int r = 0; r < n; r++) {
            texts[r] = itemText(items.get(r));
        }
        CandidateWindow.Builder b = CandidateWindow.builder(scores, texts);
        if (topScore != null) {
            b.topScore(topScore);
        }
        for (String field : schema.numericFields()) {
            double[] column = new double[n];
            for (int r = 0; r < n; r++) {
                column[r] = products.get(items.get(r)).number(field);
            }
            b.numeric(field, column);
        }
        for (String field : schema.keywordFields()) {
            String[] column = new String[n];
            for (int r = 0; r < n; r++) {
                String v = products.get(items.get(r)).texts().get(field);
                column[r] = v;
            }
            b.keyword(field, column);
        }
        return b.build();
    }

    /**
     * @param item a clicked item
     * @return its keyword fields the schema reads (what a {@code history_match} feature compares), empty when unknown
     */
    Map<String, String> historyItemFields(String item) {
        Product p = products.get(item);
        if (p == null) {
            return Map.of();
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : schema.keywordFields()) {
            String v = p.texts().get(field);
            if (v != null) {
                fields.put(field, v);
            }
        }
        return fields;
    }
}
