package org.prectr.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads products from an OpenSearch bulk file ({@code {"index":{"_id":...}}} action line, then the
 * document), plain ndjson or a zip holding one such file, as ESCI-150 ships it. Scalar fields are
 * kept (strings, booleans, numbers); arrays and objects are ignored, as the feature schema reads only
 * scalar doc values.
 */
public final class ProductReader {

    private ProductReader() {}

    /**
     * @param file a {@code .ndjson} bulk file or a {@code .zip} holding one
     * @return products by id, in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line when the content is not a bulk file
     */
    public static Map<String, Product> read(Path file) throws IOException {
        Map<String, Product> products = new LinkedHashMap<>();
        BulkFile.forEachDocument(file, (id, doc) -> products.put(id, parse(id, doc)));
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
