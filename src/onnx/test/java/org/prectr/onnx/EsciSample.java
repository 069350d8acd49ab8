package org.prectr.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.prectr.core.features.CandidateWindow;

/**
 * Real ESCI-150 products and judged queries for tests (read-only, from ../shared/data/esci150, or the
 * folder in system property {@code prectr.esci.dir}). The products zip is read with java.util.zip.
 *
 * @param products ASIN to product document
 * @param judged   query text to its judged products (ASIN to grade 0..3), in file order
 */
record EsciSample(Map<String, JsonNode> products, Map<String, Map<String, Integer>> judged) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static EsciSample load() throws IOException {
        Path dir = Path.of(System.getProperty("prectr.esci.dir", "../../../shared/data/esci150"));
        if (!Files.isDirectory(dir)) {
            throw new IOException("ESCI-150 data folder [" + dir.toAbsolutePath() + "] not found; set -Dprectr.esci.dir");
        }
        Map<String, JsonNode> products = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(dir.resolve("esci_us_ecommerce_shrunk.ndjson.zip")))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.getName().endsWith(".ndjson")) {
                    continue;
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(zip, StandardCharsets.UTF_8));
                String action;
                while ((action = reader.readLine()) != null) {
                    String id = JSON.readTree(action).path("index").path("_id").asText();
                    products.put(id, JSON.readTree(reader.readLine()));
                }
            }
        }
        Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
        for (JsonNode query : JSON.readTree(dir.resolve("esci_us_judgments_dev.json").toFile()).path("judgmentRatings")) {
            Map<String, Integer> grades = new LinkedHashMap<>();
            for (JsonNode rating : query.path("ratings")) {
                if (products.containsKey(rating.path("docId").asText())) {
                    grades.put(rating.path("docId").asText(), grade(rating.path("rating").asDouble()));
                }
            }
            judged.put(query.path("query").asText(), grades);
        }
        return new EsciSample(Map.copyOf(products), judged);
    }

    /** ESCI ratings 100 / 10 / 1 / 0 are Exact / Substitute / Complement / Irrelevant: grades 3 / 2 / 1 / 0. */
    private static int grade(double rating) {
        return rating >= 100 ? 3 : rating >= 10 ? 2 : rating >= 1 ? 1 : 0;
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
        return products.get(asin).path("title").asText();
    }

    /** @return a numeric field, or NaN when missing */
    double numeric(String asin, String field) {
        JsonNode value = products.get(asin).path(field);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    /** @return a keyword or boolean field as text, or null when missing */
    String keyword(String asin, String field) {
        JsonNode value = products.get(asin).path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
