package org.prectr.core.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads products from an OpenSearch bulk file ({@code {"index":{"_id":...}}} action line, then the
 * document), plain ndjson or a zip holding one such file, as ESCI-150 ships it. Scalar fields are
 * kept (strings, booleans, numbers) and arrays as lists of their scalar elements' text; objects and
 * nulls are ignored.
 */
public final class ProductReader {

    private ProductReader() {}

    /**
     * @param file a {@code .ndjson} bulk file or a {@code .zip} holding one
     * @return products by id, in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line when the content is not a bulk file, or an id that repeats
     */
    public static Map<String, Product> read(Path file) throws IOException {
        Map<String, Product> products = new LinkedHashMap<>();
        BulkFile.forEachDocument(file, (id, doc) -> {
            if (products.put(id, parse(id, doc)) != null) {
                throw new IllegalArgumentException("[_id] must be unique in [" + file + "] but [" + id + "] repeats");
            }
        });
        return products;
    }

    /**
     * @param id the document id
     * @param doc the document
     * @return the product
     */
    public static Product parse(String id, JsonNode doc) {
        Map<String, String> texts = new HashMap<>();
        Map<String, Double> numbers = new HashMap<>();
        Map<String, List<String>> lists = new HashMap<>();
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
            } else if (v.isArray()) {
                List<String> elements = new ArrayList<>();
                for (JsonNode e : v) {
                    if (e.isValueNode() && !e.isNull()) {
                        elements.add(e.asText());
                    }
                }
                lists.put(f.getKey(), elements);
            }
        }
        return new Product(id, texts, numbers, lists);
    }
}
