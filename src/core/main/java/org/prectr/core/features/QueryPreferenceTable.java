package org.prectr.core.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.JacksonErrors;
import org.prectr.core.fusion.StableMath;

/**
 * PRECTR-V2's cross-user query preference table r_cate(q) ({@code query_preferences.json}). A query is
 * looked up by its normalised text (lower case, single spaces); failing that, the entry whose query
 * embedding has the highest cosine with the query's is used if that cosine is at least the threshold;
 * otherwise r_cate(q) is all zeros with support 0. Entry embeddings are computed once, when the table
 * is built, with the encoder passed in. Immutable after construction and thread-safe.
 */
public final class QueryPreferenceTable {

    /** Entries are encoded in batches of this many, bounding the encoder's memory at load time. */
    static final int ENCODE_BATCH = 256;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();

    private record TableFile(int grades, List<QueryPreferenceEntry> entries) {
    }

    private final int grades;
    private final double threshold;
    private final List<QueryPreferenceEntry> entries;
    private final Map<String, Integer> byText;
    private final float[] embeddings;
    private final int dim;

    private QueryPreferenceTable(int grades, double threshold, List<QueryPreferenceEntry> entries,
                                 Map<String, Integer> byText, float[] embeddings, int dim) {
        this.grades = grades;
        this.threshold = threshold;
        this.entries = entries;
        this.byText = byText;
        this.embeddings = embeddings;
        this.dim = dim;
    }

    /**
     * Builds a table, encoding every entry's query.
     *
     * @param entries the entries (validated with {@link #validate})
     * @param grades k
     * @param similarityThreshold the lowest cosine for a nearest-neighbour match
     * @param encoder the query encoder
     * @return the table
     * @throws IllegalArgumentException if an entry is invalid or the encoder returns a wrong size
     */
    public static QueryPreferenceTable of(List<QueryPreferenceEntry> entries, int grades, double similarityThreshold,
                                          QueryEncoder encoder) {
        validate(entries, grades);
        Map<String, Integer> byText = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            byText.put(normalise(entries.get(i).query()), i);
        }
        float[] embeddings = new float[0];
        int dim = 0;
        for (int start = 0; start < entries.size(); start += ENCODE_BATCH) {
            List<String> texts = entries.subList(start, Math.min(entries.size(), start + ENCODE_BATCH)).stream()
                .map(QueryPreferenceEntry::query).toList();
            float[] batch = encoder.encode(texts);
            if (start == 0) {
                dim = batch.length / texts.size();
                embeddings = new float[entries.size() * dim];
            }
            if (dim == 0 || batch.length != texts.size() * dim) {
                throw new IllegalArgumentException("[encoder] must return [" + texts.size() + " x " + dim
                    + "] values but returned [" + batch.length + "]");
            }
            System.arraycopy(batch, 0, embeddings, start * dim, batch.length);
        }
        return new QueryPreferenceTable(grades, similarityThreshold, List.copyOf(entries), byText, embeddings, dim);
    }

    /**
     * Checks entries: non-blank unique normalised queries, k finite non-negative shares, clicks >= 0.
     *
     * @param entries the entries
     * @param grades k
     * @throws IllegalArgumentException {@code entries[2].histogram: expected [4 values] but found [3]}
     */
    public static void validate(List<QueryPreferenceEntry> entries, int grades) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            QueryPreferenceEntry e = entries.get(i);
            String at = "entries[" + i + "]";
            if (e == null || e.query() == null || e.query().isBlank()) {
                throw bad(at + ".query", "a non-blank query", e == null ? null : e.query());
            }
            if (seen.putIfAbsent(normalise(e.query()), i) != null) {
                throw bad(at + ".query", "a query unique after normalisation", e.query());
            }
            if (e.histogram() == null || e.histogram().length != grades) {
                throw bad(at + ".histogram", grades + " values", e.histogram() == null ? null : e.histogram().length);
            }
            for (int g = 0; g < grades; g++) {
                float v = e.histogram()[g];
                if ((v >= 0 && Float.isFinite(v)) == false) {
                    throw bad(at + ".histogram[" + g + "]", "a finite share >= 0", v);
                }
            }
            if (e.clicks() < 0) {
                throw bad(at + ".clicks", ">= 0", e.clicks());
            }
        }
    }

    private static IllegalArgumentException bad(String field, String expected, Object found) {
        return new IllegalArgumentException(field + ": expected [" + expected + "] but found [" + found + "]");
    }

    /**
     * Reads and validates {@code query_preferences.json}.
     *
     * @param file the table file
     * @param grades k, which the file's {@code grades} must equal
     * @return the entries
     * @throws IOException if the file cannot be read
     * @throws InvalidBundleException naming the file and the bad field
     */
    public static List<QueryPreferenceEntry> readEntries(Path file, int grades) throws IOException, InvalidBundleException {
        String name = String.valueOf(file.getFileName());
        TableFile table;
        try {
            table = MAPPER.readValue(file.toFile(), TableFile.class);
        } catch (JsonProcessingException e) {
            throw new InvalidBundleException(name, JacksonErrors.describe(e), e);
        }
        if (table == null) {
            throw InvalidBundleException.expected(name, "(root)", "an object", "null");
        }
        if (table.grades() != grades) {
            throw InvalidBundleException.expected(name, "grades", grades, table.grades());
        }
        List<QueryPreferenceEntry> entries = table.entries() == null ? List.of() : table.entries();
        try {
            validate(entries, grades);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(name, e.getMessage(), e);
        }
        return entries;
    }

    /**
     * Writes {@code query_preferences.json} (pretty, stable: entries in the given order).
     *
     * @param file the file to write
     * @param grades k
     * @param entries the entries
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, int grades, List<QueryPreferenceEntry> entries) throws IOException {
        validate(entries, grades);
        Files.writeString(file, MAPPER.writeValueAsString(new TableFile(grades, new ArrayList<>(entries))) + "\n");
    }

    /**
     * @param text a query text
     * @return its {@link org.prectr.core.text.QueryText#normalise normal form}
     */
    public static String normalise(String text) {
        return org.prectr.core.text.QueryText.normalise(text);
    }

    /**
     * @param queryText the request's query text
     * @param queryEmbedding its query-encoder embedding (length D)
     * @return r_cate(q) and its support
     */
    public QueryPreference lookup(String queryText, float[] queryEmbedding) {
        Integer exact = byText.get(normalise(queryText));
        if (exact != null) {
            return result(exact, 1.0);
        }
        if (entries.isEmpty()) {
            return QueryPreference.none(grades);
        }
        if (queryEmbedding.length != dim) {
            throw new IllegalArgumentException("[query_embedding] must have [" + dim + "] values but had ["
                + queryEmbedding.length + "]");
        }
        int best = -1;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < entries.size(); i++) {
            double s = StableMath.cosine(queryEmbedding, 0, embeddings, i * dim, dim);
            if (s > bestSimilarity) {
                best = i;
                bestSimilarity = s;
            }
        }
        if (best < 0 || bestSimilarity < threshold) {
            return QueryPreference.none(grades);
        }
        return result(best, bestSimilarity);
    }

    private QueryPreference result(int index, double similarity) {
        QueryPreferenceEntry e = entries.get(index);
        return new QueryPreference(e.histogram().clone(), Math.log1p(e.clicks()), e.query(), similarity);
    }

    /** @return the entries, in file order */
    public List<QueryPreferenceEntry> entries() {
        return entries;
    }

    /** @return k */
    public int grades() {
        return grades;
    }

    /** @return the lowest cosine for a nearest-neighbour match */
    public double similarityThreshold() {
        return threshold;
    }
}
