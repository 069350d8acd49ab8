package org.prectr.trainer.encoder;

import org.prectr.core.data.Product;
import org.prectr.trainer.encoder.Stage0Data.QueryGroup;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.trainer.search.SearchHit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The abundant text stage 0 distils on (issue 10): the teacher labels any (query, title) pair, so the
 * student does not have to learn the teacher's geometry from the few thousand judged pairs alone.
 *
 * <p>Every catalogue product with a title gives one group: a query made from its title (a span of two
 * to four consecutive words from the title's first words, lower case, drawn with a seed per product), the
 * title itself and the titles of its hardest neighbours, the catalogue's BM25 top hits for that query.
 * Each training query gives groups of its judged titles too. Titles of one group are near each other,
 * so the per-query softmax of the relational loss has to order similar products as the teacher does,
 * which is what re-ranking a window needs. No grade is read here: the corpus is unsupervised text.
 *
 * @param groups the groups, each a query with exactly {@code titlesPerGroup} titles
 * @param titlesPerGroup titles of every group
 */
public record DistillationCorpus(List<QueryGroup> groups, int titlesPerGroup) {

    /** Fewest words a made query has. */
    static final int MIN_QUERY_WORDS = 2;
    /** Most words a made query has. */
    static final int MAX_QUERY_WORDS = 4;
    /** A made query starts within this many words of the title's start (titles lead with what the product is). */
    static final int MAX_QUERY_START = 6;

    /** Copies the list and checks every group's size. */
    public DistillationCorpus {
        groups = List.copyOf(groups);
        if (titlesPerGroup < 2) {
            throw new IllegalArgumentException("[titles_per_group] must be at least [2] but was [" + titlesPerGroup + "]");
        }
        for (QueryGroup g : groups) {
            if (g.titles().size() != titlesPerGroup) {
                throw new IllegalArgumentException("[group] of query [" + g.query() + "] must have [" + titlesPerGroup
                    + "] titles but had [" + g.titles().size() + "]");
            }
        }
    }

    /**
     * Builds the corpus.
     *
     * @param catalogue every product (its title is read)
     * @param training the training queries with their judged titles (their grades are not used)
     * @param excludedQueries queries that must never be made (the validation queries), lower case
     * @param titlesPerGroup titles per group, the product's own title included, at least 2
     * @param seed the seed of the made queries and of the neighbour draw
     * @return the corpus
     * @throws IOException if the BM25 index cannot be built
     */
    public static DistillationCorpus build(Map<String, Product> catalogue, List<QueryGroup> training,
                                           Set<String> excludedQueries, int titlesPerGroup, long seed) throws IOException {
        Map<String, Map<String, String>> documents = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (Product p : catalogue.values()) {
            String title = p.text("title");
            if (!title.isBlank()) {
                documents.put(p.id(), Map.of("title", title));
                titles.put(p.id(), title);
            }
        }
        List<QueryGroup> groups = new ArrayList<>();
        try (Bm25Index index = Bm25Index.build(documents, List.of("title"))) {
            for (Map.Entry<String, String> e : titles.entrySet()) {
                SplittableRandom random = new SplittableRandom(seed ^ (e.getKey().hashCode() * 0x9E3779B97F4A7C15L));
                String query = madeQuery(e.getValue(), random);
                if (query == null || excludedQueries.contains(query)) {
                    continue;
                }
                List<String> group = new ArrayList<>();
                group.add(e.getValue());
                List<String> neighbours = new ArrayList<>();
                for (SearchHit hit : index.search(query, 4 * titlesPerGroup)) {
                    String t = titles.get(hit.productId());
                    if (t != null && !hit.productId().equals(e.getKey()) && !t.equals(e.getValue())) {
                        neighbours.add(t);
                    }
                }
                fillFrom(group, neighbours, titlesPerGroup, random);
                fillFrom(group, new ArrayList<>(titles.values()), titlesPerGroup, random);
                groups.add(new QueryGroup(query, group, new int[group.size()]));
            }
        }
        for (QueryGroup q : training) {
            List<String> judged = new ArrayList<>(new LinkedHashSet<>(q.titles()));
            java.util.Collections.shuffle(judged, new java.util.Random(seed ^ q.query().hashCode()));
            for (int start = 0; start + titlesPerGroup <= judged.size(); start += titlesPerGroup) {
                groups.add(new QueryGroup(q.query(), judged.subList(start, start + titlesPerGroup), new int[titlesPerGroup]));
            }
        }
        return new DistillationCorpus(groups, titlesPerGroup);
    }

    /** Adds distinct titles drawn from {@code pool} until the group is full (or the pool is exhausted). */
    private static void fillFrom(List<String> group, List<String> pool, int size, SplittableRandom random) {
        int tries = 0;
        while (group.size() < size && !pool.isEmpty() && tries++ < 20 * size) {
            // the closer half of the neighbours is preferred: draw from the first 2 x size first
            int bound = Math.min(pool.size(), tries <= size ? 2 * size : pool.size());
            String t = pool.get(random.nextInt(bound));
            if (!group.contains(t)) {
                group.add(t);
            }
        }
    }

    /**
     * A query made from a title: two to four consecutive words from near its start, lower case, letters
     * and digits only. Null when the title has fewer than two such words.
     */
    static String madeQuery(String title, SplittableRandom random) {
        List<String> words = new ArrayList<>();
        for (String w : title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}']+")) {
            String word = w.replace("'", "");
            if (word.length() > 1 || (!word.isEmpty() && Character.isDigit(word.charAt(0)))) {
                words.add(word);
            }
        }
        if (words.size() < MIN_QUERY_WORDS) {
            return null;
        }
        int length = MIN_QUERY_WORDS + random.nextInt(Math.min(MAX_QUERY_WORDS, words.size()) - MIN_QUERY_WORDS + 1);
        int start = random.nextInt(Math.min(MAX_QUERY_START, words.size() - length) + 1);
        return String.join(" ", words.subList(start, start + length));
    }

    /** @return every distinct text of the corpus (queries and titles), for teacher embedding */
    public Set<String> texts() {
        Set<String> texts = new LinkedHashSet<>();
        for (QueryGroup g : groups) {
            texts.add(g.query());
            texts.addAll(g.titles());
        }
        return texts;
    }

    /** @return the number of (query, title) pairs, titles counted per group */
    public int pairs() {
        return groups.size() * titlesPerGroup;
    }
}
