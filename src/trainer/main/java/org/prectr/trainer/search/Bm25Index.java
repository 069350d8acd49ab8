package org.prectr.trainer.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilterFactory;
import org.apache.lucene.analysis.core.LowerCaseFilterFactory;
import org.apache.lucene.analysis.standard.StandardTokenizerFactory;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * A first-phase BM25 search over an in-memory Lucene index, analysed as ESCI-150's {@code schema.json}
 * does ({@code english_stemmed}: standard tokenizer, lowercase, minimal English stemmer), scored with
 * BM25 (k1 = 1.2, b = 0.75, OpenSearch's default similarity). The evaluation's simulated shop searches
 * with it, and the trainer uses it to give training rows the first-phase score the rescorer will see.
 *
 * <p>A query is an OpenSearch {@code match} query (operator OR) on one field, or a
 * {@code multi_match} of type {@code best_fields} (a dis-max with tie breaker 0) over several.
 */
public final class Bm25Index implements AutoCloseable {
    private static final String ID = "id";

    private final Analyzer analyzer;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final List<String> fields;

    private Bm25Index(Analyzer analyzer, Directory directory, DirectoryReader reader, List<String> fields) {
        this.analyzer = analyzer;
        this.directory = directory;
        this.reader = reader;
        this.fields = fields;
        this.searcher = new IndexSearcher(reader);
        this.searcher.setSimilarity(new BM25Similarity());
    }

    /** The {@code english_stemmed} analyzer of schema.json. */
    public static Analyzer englishStemmed() {
        try {
            return CustomAnalyzer.builder()
                    .withTokenizer(StandardTokenizerFactory.NAME)
                    .addTokenFilter(LowerCaseFilterFactory.NAME)
                    .addTokenFilter(EnglishMinimalStemFilterFactory.NAME)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Indexes documents on the given text fields.
     *
     * @param documents per document id (in index order), its text per field name; a field a document
     *     lacks is indexed as empty
     * @param fields the searched fields, at least one
     * @return the index
     * @throws IOException if Lucene fails
     */
    public static Bm25Index build(Map<String, Map<String, String>> documents, List<String> fields) throws IOException {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("[fields] must name at least one field but was []");
        }
        Analyzer analyzer = englishStemmed();
        Directory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (Map.Entry<String, Map<String, String>> d : documents.entrySet()) {
                Document doc = new Document();
                doc.add(new StringField(ID, d.getKey(), Field.Store.YES));
                for (String f : fields) {
                    doc.add(new TextField(f, d.getValue().getOrDefault(f, ""), Field.Store.NO));
                }
                writer.addDocument(doc);
            }
        }
        return new Bm25Index(analyzer, directory, DirectoryReader.open(directory), List.copyOf(fields));
    }

    /** The analysed terms of a text, in order, repeats kept (as a match query keeps them). */
    public List<String> analyze(String field, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(terms);
    }

    /** The top-k hits of a query, best first (ties by index order, as Lucene breaks them). */
    public List<SearchHit> search(String queryText, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("[k] must be at least [1] but was [" + k + "]");
        }
        Query query = toQuery(queryText);
        if (query == null) return List.of();
        try {
            TopDocs top = searcher.search(query, k);
            List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
            var storedFields = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                hits.add(new SearchHit(storedFields.document(sd.doc).get(ID), sd.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The scores the query gives the named documents (as the first phase would score them, whatever
     * their rank); a document the query does not match, or that is not indexed, is absent.
     *
     * @param queryText the query
     * @param ids document ids
     * @return score per matched id
     */
    public Map<String, Float> scores(String queryText, Collection<String> ids) {
        Map<String, Float> out = new HashMap<>();
        for (SearchHit h : matching(queryText, ids)) {
            out.put(h.productId(), h.score());
        }
        return out;
    }

    /**
     * The graded-candidates first phase (the ESCI ranking-task protocol): every given candidate, in the
     * query's BM25 order over the candidates only. Scores are the ones {@link #search} gives (the whole
     * index's statistics: the restriction is a filter, not a smaller index); ties keep index order.
     * Candidates the query does not match follow with score 0, in id order (a fixed order that does not
     * depend on how the candidates were listed); ids that are not indexed are left out.
     *
     * @param queryText the query
     * @param candidates document ids (duplicates count once)
     * @return one hit per indexed candidate, best first
     */
    public List<SearchHit> rank(String queryText, Collection<String> candidates) {
        Set<String> ids = new LinkedHashSet<>(candidates);
        List<SearchHit> hits = new ArrayList<>(matching(queryText, ids));
        Set<String> matched = new HashSet<>();
        for (SearchHit h : hits) {
            matched.add(h.productId());
        }
        List<String> rest = new ArrayList<>();
        for (String id : indexed(ids)) {
            if (!matched.contains(id)) rest.add(id);
        }
        rest.sort(null);
        for (String id : rest) {
            hits.add(new SearchHit(id, 0f));
        }
        return hits;
    }

    /** The named documents the query matches, best first (ties in index order). */
    private List<SearchHit> matching(String queryText, Collection<String> ids) {
        Query query = toQuery(queryText);
        if (query == null || ids.isEmpty()) return List.of();
        Query restricted = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST)
                .add(idFilter(ids), BooleanClause.Occur.FILTER).build();
        return hits(restricted, ids.size());
    }

    /** Which of the ids are indexed. */
    private List<String> indexed(Collection<String> ids) {
        if (ids.isEmpty()) return List.of();
        return hits(idFilter(ids), ids.size()).stream().map(SearchHit::productId).toList();
    }

    private static Query idFilter(Collection<String> ids) {
        return new TermInSetQuery(ID, ids.stream().map(BytesRef::new).toList());
    }

    private List<SearchHit> hits(Query query, int k) {
        try {
            TopDocs top = searcher.search(query, Math.max(1, k));
            var storedFields = searcher.storedFields();
            List<SearchHit> out = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(new SearchHit(storedFields.document(sd.doc).get(ID), sd.score));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Query toQuery(String text) {
        List<Query> perField = new ArrayList<>();
        for (String f : fields) {
            List<String> terms = analyze(f, text);
            if (terms.isEmpty()) continue;
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            for (String t : terms) {
                b.add(new TermQuery(new Term(f, t)), BooleanClause.Occur.SHOULD);
            }
            perField.add(b.build());
        }
        if (perField.isEmpty()) return null;
        return perField.size() == 1 ? perField.get(0) : new DisjunctionMaxQuery(perField, 0f);
    }

    public List<String> fields() {
        return fields;
    }

    @Override
    public void close() throws IOException {
        try (directory; reader; analyzer) {
            // closes all three, rethrowing the first failure
        }
    }
}
