package org.prectr.opensearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;

/**
 * 113 real ESCI products (the products judged for "mens slippers" and "sandals for women" in ESCI-150's
 * dev judgments, Apache-2.0, see /work/shared/data/esci150), with the fields the deterministic bundle
 * reads, as the test resource {@code esci-sample.ndjson}; and the index mapping used for them.
 */
final class EsciSample {

    /** The mapping: the product fields typed as in ESCI-150's schema.json. */
    static final String MAPPING = """
        {"properties": {
          "asin": {"type": "keyword"}, "title": {"type": "text"}, "brand": {"type": "keyword"},
          "color": {"type": "keyword"}, "rating": {"type": "float"}, "rating_count": {"type": "integer"},
          "price": {"type": "double"}, "is_book": {"type": "boolean"}}}""";

    private EsciSample() {}

    /**
     * @return asin to product source, file order
     * @throws IOException if the resource cannot be read
     */
    static Map<String, Map<String, Object>> products() throws IOException {
        Map<String, Map<String, Object>> products = new LinkedHashMap<>();
        try (InputStream in = EsciSample.class.getResourceAsStream("/esci-sample.ndjson");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() == false) {
                    Map<String, Object> source = XContentHelper.convertToMap(new BytesArray(line), false, XContentType.JSON).v2();
                    products.put((String) source.get("asin"), source);
                }
            }
        }
        return products;
    }

    /**
     * The value a numeric field has in doc values: {@code rating} is a float field, so its doubles are
     * rounded to float first, as the index does.
     *
     * @param field the field
     * @param value the source value, or null
     * @return the doc-values value, NaN when missing
     */
    static double docValue(String field, Object value) {
        if (value == null) {
            return Double.NaN;
        }
        double v = ((Number) value).doubleValue();
        return field.equals("rating") ? (double) (float) v : v;
    }

    /**
     * @param values sources
     * @return their titles
     */
    static List<String> titles(List<Map<String, Object>> values) {
        List<String> titles = new ArrayList<>();
        values.forEach(v -> titles.add((String) v.get("title")));
        return titles;
    }
}
