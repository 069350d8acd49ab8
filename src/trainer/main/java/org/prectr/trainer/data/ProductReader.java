package org.prectr.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads products from an OpenSearch bulk file ({@code {"index":{"_id":...}}} action line, then the
 * document), plain ndjson or a zip holding one such file, as ESCI-150 ships it. Scalar fields are
 * kept (strings, booleans, numbers); arrays and objects are ignored, as the feature schema reads only
 * scalar doc values.
 */
public final class ProductReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProductReader() {}

    /**
     * @param file a {@code .ndjson} bulk file or a {@code .zip} holding one
     * @return products by id, in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line when the content is not a bulk file
     */
    public static Map<String, Product> read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            if (file.getFileName().toString().endsWith(".zip")) {
                ZipInputStream zip = new ZipInputStream(raw);
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (!entry.isDirectory()) {
                        return read(zip, file);
                    }
                }
                throw new IllegalArgumentException("[products] zip [" + file + "] holds no file");
            }
            return read(raw, file);
        }
    }

    private static Map<String, Product> read(InputStream in, Path file) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, Product> products = new LinkedHashMap<>();
        String pendingId = null;
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            JsonNode action = node.has("index") ? node.get("index") : node.get("create");
            if (action != null && node.size() == 1) {
                pendingId = action.path("_id").asText(null);
                continue;
            }
            String id = pendingId != null ? pendingId : node.path("asin").asText(null);
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("[_id] must be set for the document on line [" + lineNumber
                    + "] of [" + file + "]");
            }
            products.put(id, parse(id, node));
            pendingId = null;
        }
        return products;
    }

    static Product parse(String id, JsonNode doc) {
        Map<String, String> texts = new HashMap<>();
        Map<String, Double> numbers = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = doc.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (v.isNumber()) {
                numbers.put(f.getKey(), v.asDouble());
            } else if (v.isBoolean()) {
                texts.put(f.getKey(), Boolean.toString(v.asBoolean()));
            } else if (v.isTextual()) {
                texts.put(f.getKey(), v.asText());
            }
        }
        return new Product(id, texts, numbers);
    }
}
