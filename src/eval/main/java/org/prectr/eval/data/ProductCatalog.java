package org.prectr.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The product catalogue, read from an OpenSearch bulk file (action line, then document) as shipped
 * in ESCI-150, either plain ndjson or a zip holding one such file. Products keep file order.
 */
public final class ProductCatalog {
    private final Map<String, Product> byId;

    private ProductCatalog(Map<String, Product> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** Builds a catalogue from products (ids must be unique). */
    public static ProductCatalog of(List<Product> products) {
        Map<String, Product> byId = new LinkedHashMap<>();
        for (Product p : products) {
            if (byId.put(p.id(), p) != null) {
                throw new IllegalArgumentException("[products] must have unique ids but [" + p.id() + "] repeats");
            }
        }
        return new ProductCatalog(byId);
    }

    /** Reads a bulk ndjson file or a zip holding one. */
    public static ProductCatalog load(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            if (file.getFileName().toString().endsWith(".zip")) {
                ZipInputStream zip = new ZipInputStream(raw);
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (!entry.isDirectory()) {
                        return read(zip, file);
                    }
                }
                throw new IllegalArgumentException("[products] zip holds no file: [" + file + "]");
            }
            return read(raw, file);
        }
    }

    private static ProductCatalog read(InputStream in, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<Product> products = new ArrayList<>();
        String pendingId = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode node = mapper.readTree(line);
            JsonNode action = node.has("index") ? node.get("index") : node.get("create");
            if (action != null && node.size() == 1) {
                pendingId = action.path("_id").asText(null);
                continue;
            }
            products.add(parse(node, pendingId, file));
            pendingId = null;
        }
        return of(products);
    }

    private static Product parse(JsonNode doc, String actionId, Path file) {
        String id = actionId != null ? actionId : doc.path("asin").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("[_id] or [asin] must be set on every product in [" + file + "]");
        }
        List<String> categories = new ArrayList<>();
        for (JsonNode c : doc.path("category")) {
            categories.add(c.asText());
        }
        return new Product(id, text(doc, "title"), text(doc, "brand"), text(doc, "color"), categories,
                text(doc, "bullet_points"), number(doc, "rating"), number(doc, "rating_count"),
                number(doc, "price"), doc.path("is_book").asBoolean(false));
    }

    private static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static double number(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }

    public Product get(String id) {
        return byId.get(id);
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    public List<Product> products() {
        return List.copyOf(byId.values());
    }

    public int size() {
        return byId.size();
    }
}
