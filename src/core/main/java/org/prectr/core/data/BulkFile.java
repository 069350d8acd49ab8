package org.prectr.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Walks the documents of an OpenSearch bulk file ({@code {"index":{"_id":...}}} action line, then the
 * document), plain ndjson or a zip holding one such file, as ESCI-150 ships it. The one reader of
 * product files: {@link ProductReader} (trainer, evaluation) and the benchmarks' loader use it.
 */
public final class BulkFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Receives each document with its id. */
    @FunctionalInterface
    public interface DocumentConsumer {
        /**
         * @param id the action line's {@code _id}, else the document's {@code asin}
         * @param document the document
         */
        void accept(String id, JsonNode document);
    }

    private BulkFile() {}

    /**
     * @param file a {@code .ndjson} bulk file or a {@code .zip} holding one
     * @param consumer called for every document, in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line when a document has neither {@code _id} nor {@code asin}
     */
    public static void forEachDocument(Path file, DocumentConsumer consumer) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            if (file.getFileName().toString().endsWith(".zip")) {
                ZipInputStream zip = new ZipInputStream(raw);
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (!entry.isDirectory()) {
                        read(zip, file, consumer);
                        return;
                    }
                }
                throw new IllegalArgumentException("[products] zip [" + file + "] holds no file");
            }
            read(raw, file, consumer);
        }
    }

    private static void read(InputStream in, Path file, DocumentConsumer consumer) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
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
            consumer.accept(id, node);
            pendingId = null;
        }
    }
}
