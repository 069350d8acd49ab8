package org.prectr.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the ESCI-150 products ({@code esci_us_ecommerce_shrunk.ndjson.zip}, an OpenSearch bulk file)
 * into {@link CatalogProduct}s, in file order, so that the catalog expansion starts from the same
 * list on every machine.
 */
public final class EsciProducts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EsciProducts() {
    }

    /**
     * @param zip the ESCI products zip
     * @return its products in file order (action lines skipped)
     * @throws IOException if the zip cannot be read or holds no ndjson file
     */
    public static List<CatalogProduct> read(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.stream().filter(e -> e.getName().endsWith(".ndjson")).findFirst()
                .orElseThrow(() -> new IOException("[" + zip + "] must hold an .ndjson file but holds none"));
            List<CatalogProduct> products = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode doc = JSON.readTree(line);
                    if (doc.has("index")) {
                        continue;
                    }
                    products.add(parse(doc));
                }
            }
            return products;
        }
    }

    static CatalogProduct parse(JsonNode doc) {
        return new CatalogProduct(text(doc, "asin"), text(doc, "title"), text(doc, "brand"), text(doc, "color"),
            number(doc, "rating_count"), number(doc, "rating"), doc.path("is_book").asBoolean(false), number(doc, "price"));
    }

    private static String text(JsonNode doc, String field) {
        JsonNode node = doc.get(field);
        return node == null || node.isNull() ? "" : node.asText();
    }

    private static double number(JsonNode doc, String field) {
        JsonNode node = doc.get(field);
        return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
    }
}
