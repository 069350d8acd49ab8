package org.prectr.eval.search;

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
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.prectr.eval.data.Product;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The first-phase search of the simulated shop: an in-memory Lucene index of the products, analysed
 * as ESCI-150's {@code schema.json} does ({@code english_stemmed}: standard tokenizer, lowercase,
 * minimal English stemmer), scored with BM25 (k1 = 1.2, b = 0.75, OpenSearch's default similarity).
 *
 * <p>A query is an OpenSearch {@code match} query (operator OR) on one field, or a
 * {@code multi_match} of type {@code best_fields} (a dis-max with tie breaker 0) over several.
 * Its top-k hits are both what the simulated users are shown (exposure bias) and the rescore window.
 */
public final class Bm25Index implements AutoCloseable {
    /** The text fields that can be searched. */
    public static final List<String> SEARCHABLE_FIELDS = List.of("title", "bullet_points", "category", "brand");
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

    /** Indexes the products on the given text fields (a subset of {@link #SEARCHABLE_FIELDS}). */
    public static Bm25Index build(List<Product> products, List<String> fields) throws IOException {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("[fields] must name at least one of " + SEARCHABLE_FIELDS + " but was []");
        }
        for (String f : fields) {
            if (!SEARCHABLE_FIELDS.contains(f)) {
                throw new IllegalArgumentException("[fields] must be among " + SEARCHABLE_FIELDS + " but had [" + f + "]");
            }
        }
        Analyzer analyzer = englishStemmed();
        Directory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (Product p : products) {
                Document doc = new Document();
                doc.add(new StringField(ID, p.id(), Field.Store.YES));
                for (String f : fields) {
                    doc.add(new TextField(f, fieldText(p, f), Field.Store.NO));
                }
                writer.addDocument(doc);
            }
        }
        return new Bm25Index(analyzer, directory, DirectoryReader.open(directory), List.copyOf(fields));
    }

    private static String fieldText(Product p, String field) {
        return switch (field) {
            case "title" -> p.title();
            case "bullet_points" -> p.bulletPoints();
            case "category" -> String.join(" ", p.categories());
            case "brand" -> p.brand();
            default -> throw new IllegalArgumentException("[fields] unknown field [" + field + "]");
        };
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
