package org.prectr.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Product titles by document id, read from an OpenSearch bulk file ({@code {"index":{"_id":...}}} then
 * the document), plain or as the single entry of a zip such as ESCI-150's
 * {@code esci_us_ecommerce_shrunk.ndjson.zip}. Stage 0 only needs titles (the bundle's item text field),
 * so the rest of each document is skipped.
 *
 * @param titles title by document id, in file order
 */
public record ProductTitles(Map<String, String> titles) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the map (keeping its order). */
    public ProductTitles {
        titles = Collections.unmodifiableMap(new LinkedHashMap<>(titles));
    }

    /**
     * @param file a bulk file, or a zip whose first entry is one
     * @return the titles of every document that has a non-blank {@code title}
     * @throws IOException if the file cannot be read or a line is not JSON
     */
    public static ProductTitles read(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".zip")) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
                ZipEntry entry = zip.getNextEntry();
                if (entry == null) {
                    throw new IOException("[" + file + "] is an empty zip");
                }
                return parse(file, new BufferedReader(new InputStreamReader(zip, StandardCharsets.UTF_8)));
            }
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file, reader);
        }
    }

    private static ProductTitles parse(Path file, BufferedReader reader) throws IOException {
        Map<String, String> titles = new LinkedHashMap<>();
        String pendingId = null;
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            JsonNode action = node.get("index");
            if (action != null && action.has("_id")) {
                pendingId = action.get("_id").asText();
            } else if (pendingId != null) {
                String title = node.path("title").asText("");
                if (!title.isBlank()) {
                    titles.put(pendingId, title);
                }
                pendingId = null;
            } else {
                throw new IOException("[" + file + "] line [" + lineNumber + "] is a document without an index action");
            }
        }
        return new ProductTitles(titles);
    }

    /**
     * @param id a document id
     * @return its title
     * @throws IllegalArgumentException if there is no such product
     */
    public String title(String id) {
        String title = titles.get(id);
        if (title == null) {
            throw new IllegalArgumentException("[product] [" + id + "] has no title in the product file");
        }
        return title;
    }

    /** @return the number of products with a title */
    public int size() {
        return titles.size();
    }
}
