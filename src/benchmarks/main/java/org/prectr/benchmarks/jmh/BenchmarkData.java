package org.prectr.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.prectr.benchmarks.load.CatalogProduct;
import org.prectr.benchmarks.load.EsciProducts;
import org.prectr.benchmarks.load.LoadGenerator;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.HistoryEntry;
import org.prectr.core.features.UserContext;

/**
 * The real ESCI texts the benchmarks run on: products (windows are consecutive products of the bulk
 * file, so titles, brands, prices and rating counts have their real lengths and gaps) and the 100 dev
 * queries. The data folder is the system property {@code prectr.data}, by default
 * {@code ../shared/data/esci150} relative to the repository root (run the jar from there).
 */
final class BenchmarkData {

    private BenchmarkData() {
    }

    static Path dataDir() {
        return Path.of(System.getProperty("prectr.data", "../shared/data/esci150"));
    }

    static List<CatalogProduct> products() throws IOException {
        return EsciProducts.read(dataDir().resolve("esci_us_ecommerce_shrunk.ndjson.zip"));
    }

    static List<String> queries() throws IOException {
        return LoadGenerator.readQueries(dataDir().resolve("esci_us_queryset_dev.json"));
    }

    /** A returning user with five clicked history entries over dev queries (grades 3, 3, 2, 3, 1). */
    static UserContext userWithHistory(List<String> queries) {
        int[] grades = {3, 3, 2, 3, 1};
        List<HistoryEntry> history = new java.util.ArrayList<>();
        for (int i = 0; i < grades.length; i++) {
            history.add(HistoryEntry.clicked(queries.get(10 + i), grades[i]));
        }
        return new UserContext("bench-user", java.util.Map.of("segment", "regular", "age_bucket", 3), history);
    }

    /**
     * @param products the products
     * @param from first product
     * @param rows W
     * @param schema which document fields the bundle reads
     * @param embeddings precomputed item embeddings (rows x D), or null for none
     * @param dim D
     * @return the window: first-phase scores falling with rank, item texts, document fields
     */
    static CandidateWindow window(List<CatalogProduct> products, int from, int rows, FeatureSchema schema,
                                  float[] embeddings, int dim) {
        return window(products, from, rows, schema, embeddings, dim, false);
    }

    /**
     * @param storedKeywords also give each row its match keywords, as an index that keeps F_words in doc
     *     values does (the rescorer then reads no item text)
     */
    static CandidateWindow window(List<CatalogProduct> products, int from, int rows, FeatureSchema schema,
                                  float[] embeddings, int dim, boolean storedKeywords) {
        float[] scores = new float[rows];
        String[] texts = new String[rows];
        for (int r = 0; r < rows; r++) {
            scores[r] = 20f / (1f + 0.01f * r);
            texts[r] = product(products, from + r).title();
        }
        CandidateWindow.Builder b = CandidateWindow.builder(scores, texts);
        for (String field : schema.numericFields()) {
            double[] column = new double[rows];
            for (int r = 0; r < rows; r++) {
                CatalogProduct p = product(products, from + r);
                column[r] = switch (field) {
                    case "rating_count" -> p.ratingCount();
                    case "rating" -> p.rating();
                    case "price" -> p.price();
                    default -> Double.NaN;
                };
            }
            b.numeric(field, column);
        }
        for (String field : schema.keywordFields()) {
            String[] column = new String[rows];
            for (int r = 0; r < rows; r++) {
                CatalogProduct p = product(products, from + r);
                column[r] = switch (field) {
                    case "brand" -> p.brand();
                    case "color" -> p.color();
                    case "is_book" -> Boolean.toString(p.isBook());
                    default -> null;
                };
            }
            b.keyword(field, column);
        }
        if (embeddings != null) {
            boolean[] present = new boolean[rows];
            java.util.Arrays.fill(present, true);
            b.embeddings(embeddings, present, dim);
        }
        if (storedKeywords) {
            org.prectr.core.features.MatchFeatures match = new org.prectr.core.features.MatchFeatures();
            String[][] keywords = new String[rows][];
            for (int r = 0; r < rows; r++) {
                keywords[r] = match.itemKeywords(texts[r]).toArray(String[]::new);
            }
            b.itemKeywords(keywords);
        }
        return b.build();
    }

    private static CatalogProduct product(List<CatalogProduct> products, int i) {
        return products.get(i % products.size());
    }
}
