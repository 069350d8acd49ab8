package org.prectr.opensearch.personal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.support.XContentMapValues;
import org.opensearch.search.fetch.subphase.FetchSourceContext;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.text.ItemText;
import org.prectr.opensearch.PrectrSettings;
import org.prectr.opensearch.ingest.StoredEmbedding;

/**
 * The clicked items of a history, read with ONE multi-get from the searched index: for each item the
 * fields the bundle reads, from {@code _source}, mapped as the rescorer maps them
 * ({@code index.prectr.text_field}, {@code index.prectr.fields.<name>}): the item text, the stored
 * embedding F with F_version and F_words (used when F_version is the bundle's version and the bytes
 * are 4 x D, as at query time), the numeric and keyword document fields.
 */
final class HistoryItems {

    private final String index;
    private final List<String> textFields;
    private final String embeddingField;
    private final Map<String, String> numeric;
    private final Map<String, String> keyword;
    private final String bundleVersion;
    private final int dim;

    /**
     * @param index the searched index
     * @param indexSettings its settings
     * @param schema the bundle's feature schema
     * @param bundleVersion the bundle's version (a stored embedding of another version is not used)
     * @param dim the bundle's D
     */
    HistoryItems(String index, Settings indexSettings, FeatureSchema schema, String bundleVersion, int dim) {
        this.index = index;
        Function<String, String> mapped = PrectrSettings.fieldMapping(indexSettings);
        Map<String, String> explicit = PrectrSettings.FIELDS.getAsMap(indexSettings);
        String textField = PrectrSettings.TEXT_FIELD.get(indexSettings);
        List<String> text = new ArrayList<>();
        for (int i = 0; i < schema.textFields().size(); i++) {
            String logical = schema.textFields().get(i);
            text.add(explicit.getOrDefault(logical, i == 0 ? textField : logical));
        }
        this.textFields = List.copyOf(text);
        String embedding = PrectrSettings.EMBEDDING_FIELD.get(indexSettings);
        this.embeddingField = embedding.isEmpty() ? null : embedding;
        this.numeric = new java.util.LinkedHashMap<>();
        schema.numericFields().forEach(f -> numeric.put(f, mapped.apply(f)));
        this.keyword = new java.util.LinkedHashMap<>();
        schema.keywordFields().forEach(f -> keyword.put(f, mapped.apply(f)));
        this.bundleVersion = bundleVersion;
        this.dim = dim;
    }

    /**
     * @param ids the item ids
     * @return the one multi-get that reads them
     */
    MultiGetRequest request(Set<String> ids) {
        Set<String> fields = new LinkedHashSet<>(textFields);
        if (embeddingField != null) {
            fields.add(embeddingField);
            fields.add(StoredEmbedding.versionField(embeddingField));
            fields.add(StoredEmbedding.keywordsField(embeddingField));
        }
        fields.addAll(numeric.values());
        fields.addAll(keyword.values());
        FetchSourceContext source = new FetchSourceContext(true, fields.toArray(String[]::new), null);
        MultiGetRequest request = new MultiGetRequest();
        for (String id : ids) {
            request.add(new MultiGetRequest.Item(index, id).fetchSourceContext(source));
        }
        return request;
    }

    /**
     * @param sources one item's {@code _source} per row (every row found)
     * @return the rows as a window (first-phase scores unused)
     */
    CandidateWindow window(List<Map<String, Object>> sources) {
        int rows = sources.size();
        String[] texts = new String[rows];
        float[] embeddings = new float[Math.max(1, rows * dim)];
        boolean[] present = new boolean[rows];
        String[][] words = new String[rows][];
        Map<String, double[]> numbers = new java.util.LinkedHashMap<>();
        numeric.keySet().forEach(f -> numbers.put(f, new double[rows]));
        Map<String, String[]> keywords = new java.util.LinkedHashMap<>();
        keyword.keySet().forEach(f -> keywords.put(f, new String[rows]));
        for (int r = 0; r < rows; r++) {
            Map<String, Object> source = sources.get(r);
            texts[r] = text(source);
            if (embeddingField != null) {
                present[r] = readEmbedding(source, embeddings, r);
                if (present[r]) {
                    words[r] = keywords(source);
                }
            }
            for (Map.Entry<String, String> field : numeric.entrySet()) {
                numbers.get(field.getKey())[r] = number(first(source, field.getValue()));
            }
            for (Map.Entry<String, String> field : keyword.entrySet()) {
                keywords.get(field.getKey())[r] = keyword(first(source, field.getValue()));
            }
        }
        CandidateWindow.Builder builder = CandidateWindow.builder(new float[rows], texts);
        numbers.forEach(builder::numeric);
        keywords.forEach(builder::keyword);
        if (embeddingField != null && rows > 0) {
            builder.embeddings(embeddings, present, dim).itemKeywords(words);
        }
        return builder.build();
    }

    /**
     * @param source one item's {@code _source}
     * @param fields the logical keyword fields wanted (the schema's {@code historyFields})
     * @return their values, as the rescorer reads keyword doc values (absent ones left out)
     */
    Map<String, String> keywordValues(Map<String, Object> source, List<String> fields) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String field : fields) {
            String mappedField = keyword.get(field);
            String value = mappedField == null ? null : keyword(first(source, mappedField));
            if (value != null) {
                values.put(field, value);
            }
        }
        return values;
    }

    /** The item text: the text fields' values joined by the core's {@link ItemText} rule, as at query time. */
    private String text(Map<String, Object> source) {
        return ItemText.join(textFields, field -> XContentMapValues.extractRawValues(field, source));
    }

    private boolean readEmbedding(Map<String, Object> source, float[] embeddings, int row) {
        Object version = first(source, StoredEmbedding.versionField(embeddingField));
        Object value = first(source, embeddingField);
        if (bundleVersion.equals(version) == false || (value instanceof String) == false) {
            return false;
        }
        String base64 = (String) value;
        try {
            float[] values = StoredEmbedding.fromBytes(Base64.getDecoder().decode(base64), dim);
            System.arraycopy(values, 0, embeddings, row * dim, dim);
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private String[] keywords(Map<String, Object> source) {
        List<Object> values = XContentMapValues.extractRawValues(StoredEmbedding.keywordsField(embeddingField), source);
        if (values.isEmpty()) {
            return null;
        }
        String[] words = new String[values.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = String.valueOf(values.get(i));
        }
        return words;
    }

    private static Object first(Map<String, Object> source, String field) {
        List<Object> values = XContentMapValues.extractRawValues(field, source);
        return values.isEmpty() ? null : values.get(0);
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** As the rescorer reads keyword doc values: booleans as true/false, integral numbers as "3". */
    private static String keyword(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return value == null ? null : value.toString();
    }
}
