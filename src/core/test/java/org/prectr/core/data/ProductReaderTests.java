package org.prectr.core.data;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The one product reader (trainer, evaluation, benchmarks) on bulk files, plain and zipped, and on ESCI-150. */
public class ProductReaderTests {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String BULK = "{\"index\":{\"_index\":\"ecommerce\",\"_id\":\"B1\"}}\n"
        + "{\"title\":\"Kindle\",\"brand\":null,\"price\":null,\"rating\":4.6,\"rating_count\":124969,\"is_book\":false,"
        + "\"category\":[\"Electronics\",null,\"Readers\"],\"dims\":{\"w\":1}}\n"
        + "\n"
        + "{\"asin\":\"B2\",\"title\":\"Book\",\"is_book\":true}\n";

    @Test
    public void scalarFieldsByKindAndArraysAsLists() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("p.ndjson");
        Files.writeString(file, BULK);
        Map<String, Product> products = ProductReader.read(file);
        assertEquals(List.of("B1", "B2"), List.copyOf(products.keySet()));
        Product p = products.get("B1");
        assertEquals("Kindle", p.text("title"));
        assertEquals("", p.text("brand"));
        assertFalse(p.texts().containsKey("brand"));
        assertEquals("false", p.texts().get("is_book"));
        assertFalse(p.flag("is_book"));
        assertEquals(4.6, p.number("rating"), 0);
        assertTrue(Double.isNaN(p.number("price")));
        assertFalse(p.texts().containsKey("category"));
        assertEquals(List.of("Electronics", "Readers"), p.list("category"));
        assertEquals(List.of("Electronics", "Readers"), p.values("category"));
        assertEquals(List.of("Kindle"), p.values("title"));
        assertEquals(List.of(), p.values("dims"));
        // no action line: the id is the document's asin
        assertTrue(products.get("B2").flag("is_book"));
    }

    @Test
    public void zipHoldingOneBulkFileReadsTheSame() throws Exception {
        Path zip = tmp.getRoot().toPath().resolve("p.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("p.ndjson"));
            z.write(BULK.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Path plain = tmp.getRoot().toPath().resolve("p.ndjson");
        Files.writeString(plain, BULK);
        assertEquals(ProductReader.read(plain), ProductReader.read(zip));
    }

    /** The trainer kept the last of two documents with one id, the evaluation refused them: both refuse now. */
    @Test
    public void repeatedIdAndMissingIdAreNamed() throws Exception {
        Path twice = tmp.getRoot().toPath().resolve("twice.ndjson");
        Files.writeString(twice, "{\"asin\":\"A\",\"title\":\"x\"}\n{\"asin\":\"A\",\"title\":\"y\"}\n");
        assertEquals("[_id] must be unique in [" + twice + "] but [A] repeats",
            assertThrows(IllegalArgumentException.class, () -> ProductReader.read(twice)).getMessage());
        Path noId = tmp.getRoot().toPath().resolve("noid.ndjson");
        Files.writeString(noId, "{\"title\":\"x\"}\n");
        assertEquals("[_id] must be set for the document on line [1] of [" + noId + "]",
            assertThrows(IllegalArgumentException.class, () -> ProductReader.read(noId)).getMessage());
    }

    @Test
    public void realEsciCatalogue() throws Exception {
        Map<String, Product> products = ProductReader.read(EsciData.file("esci_us_ecommerce_shrunk.ndjson.zip"));
        assertEquals(6764, products.size());
        Product first = products.values().iterator().next();
        assertEquals(first.id(), first.text("asin"));
        assertFalse(first.text("title").isBlank());
        assertTrue(products.values().stream().anyMatch(p -> p.list("category").size() > 1));
    }

    @Test
    public void entriesCarryTheirActionAndLine() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("ubi.ndjson");
        Files.writeString(file, "{\"index\":{\"_index\":\"ubi_events\"}}\n{\"a\":1}\n\n{\"b\":2}\n");
        List<String> seen = new java.util.ArrayList<>();
        BulkFile.forEachEntry(file, (action, doc, line) ->
            seen.add((action == null ? "-" : action.path("_index").asText()) + " " + doc + " " + line));
        assertEquals(List.of("ubi_events {\"a\":1} 2", "- {\"b\":2} 4"), seen);
        Path emptyZip = tmp.getRoot().toPath().resolve("empty.zip");
        try (OutputStream out = Files.newOutputStream(emptyZip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("dir/"));
            z.closeEntry();
        }
        assertEquals("[file] zip [" + emptyZip + "] must hold an ndjson file but holds none",
            assertThrows(IllegalArgumentException.class, () -> ProductReader.read(emptyZip)).getMessage());
    }
}
