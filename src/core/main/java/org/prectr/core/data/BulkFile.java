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

    /** Receives each document with its bulk action (if any) and where it stands. */
    @FunctionalInterface
    public interface EntryConsumer {
        /**
         * @param action the body of the action line before the document ({@code {"_index":..,"_id":..}}),
         *               or null when the document has none (plain ndjson)
         * @param document the document
         * @param lineNumber the document's line, 1-based
         */
        void accept(JsonNode action, JsonNode document, int lineNumber);
    }

    private BulkFile() {}

    /**
     * @param file a {@code .ndjson} bulk file or a {@code .zip} holding one
     * @param consumer called for every document, in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line when a document has neither {@code _id} nor {@code asin}
     */
    public static void forEachDocument(Path file, DocumentConsumer consumer) throws IOException {
        forEachEntry(file, (action, document, lineNumber) -> {
            String id = action != null ? action.path("_id").asText(null) : null;
            if (id == null) {
                id = document.path("asin").asText(null);
            }
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("[_id] must be set for the document on line [" + lineNumber
                    + "] of [" + file + "]");
            }
            consumer.accept(id, document);
        });
    }

    /**
     * Walks the documents of a bulk file (an {@code index} or {@code create} action line, then the
     * document) or of plain ndjson (documents only); blank lines are skipped.
     *
     * @param file a {@code .ndjson} file or a {@code .zip} holding one
     * @param consumer called for every document, in file order
     * @throws IOException if the file cannot be read or a line is not JSON
     */
    public static void forEachEntry(Path file, EntryConsumer consumer) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            if (file.getFileName().toString().endsWith(".zip")) {
                ZipInputStream zip = new ZipInputStream(raw);
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (!entry.isDirectory()) {
                        read(zip, consumer);
                        return;
                    }
                }
                throw new IllegalArgumentException("[file] zip [" + file + "] must hold an ndjson file but holds none");
            }
            read(raw, consumer);
        }
    }

    private static void read(InputStream in, EntryConsumer consumer) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        JsonNode pendingAction = null;
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (node.size() == 1 && (node.has("index") || node.has("create"))) {
                pendingAction = node.has("index") ? node.get("index") : node.get("create");
                continue;
            }
            consumer.accept(pendingAction, node, lineNumber);
            pendingAction = null;
        }
    }
}
