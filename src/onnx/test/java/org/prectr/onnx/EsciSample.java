package org.prectr.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;
import org.prectr.core.features.CandidateWindow;

/**
 * Real ESCI-150 products and judged queries for tests (read-only, from ../shared/data/esci150, or the
 * folder in system property {@code prectr.esci.dir}), read by the core's {@link ProductReader} and
 * {@link Judgments}.
 *
 * @param products ASIN to product
 * @param judged   query text (normalised) to its judged products (ASIN to grade 0..3), in file order
 */
record EsciSample(Map<String, Product> products, Map<String, Map<String, Integer>> judged) {

    static EsciSample load() throws IOException {
        Path dir = Path.of(System.getProperty("prectr.esci.dir", "../../../shared/data/esci150"));
        if (!Files.isDirectory(dir)) {
            throw new IOException("ESCI-150 data folder [" + dir.toAbsolutePath() + "] not found; set -Dprectr.esci.dir");
        }
        Map<String, Product> products = ProductReader.read(dir.resolve("esci_us_ecommerce_shrunk.ndjson.zip"));
        Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
        Judgments.read(dir.resolve("esci_us_judgments_dev.json")).byQuery().forEach((query, grades) -> {
            Map<String, Integer> known = new LinkedHashMap<>(grades);
            known.keySet().retainAll(products.keySet());
            judged.put(query, known);
        });
        return new EsciSample(Map.copyOf(products), judged);
    }

    /** @return the judged ASINs of a query, in file order */
    List<String> window(String query) {
        Map<String, Integer> grades = judged.get(query);
        if (grades == null) {
            throw new IllegalArgumentException("query [" + query + "] is not in the dev judgments");
        }
        return new ArrayList<>(grades.keySet());
    }

    /**
     * A rescore window of real products with the fields the deterministic bundle reads. The first-phase
     * scores stand in for BM25: they fall with the position in the judgments file (10, 9.9, ...).
     */
    CandidateWindow candidateWindow(List<String> asins) {
        int rows = asins.size();
        float[] firstPass = new float[rows];
        String[] titles = new String[rows];
        double[] rating = new double[rows];
        double[] ratingCount = new double[rows];
        double[] price = new double[rows];
        String[] brand = new String[rows];
        String[] color = new String[rows];
        String[] isBook = new String[rows];
        for (int r = 0; r < rows; r++) {
            String asin = asins.get(r);
            firstPass[r] = 10f - 0.1f * r;
            titles[r] = title(asin);
            rating[r] = numeric(asin, "rating");
            ratingCount[r] = numeric(asin, "rating_count");
            price[r] = numeric(asin, "price");
            brand[r] = keyword(asin, "brand");
            color[r] = keyword(asin, "color");
            isBook[r] = keyword(asin, "is_book");
        }
        return CandidateWindow.builder(firstPass, titles).numeric("rating", rating).numeric("rating_count", ratingCount)
            .numeric("price", price).keyword("brand", brand).keyword("color", color).keyword("is_book", isBook).build();
    }

    /** @return the product's title */
    String title(String asin) {
        return products.get(asin).text("title");
    }

    /** @return a numeric field, or NaN when missing */
    double numeric(String asin, String field) {
        return products.get(asin).number(field);
    }

    /** @return a keyword or boolean field as text, or null when missing */
    String keyword(String asin, String field) {
        return products.get(asin).texts().get(field);
    }
}
