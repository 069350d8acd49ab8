package org.prectr.opensearch.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.opensearch.OpenSearchParseException;
import org.opensearch.index.VersionType;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;
import org.opensearch.ingest.Processor;
import org.opensearch.test.OpenSearchTestCase;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.onnx.DeterministicBundleWriter;
import org.prectr.opensearch.shard.ModelBundleRegistry;

/**
 * The {@code prectr_embedding} processor against the real deterministic bundle in ONNX Runtime:
 * configuration errors name the property, and the stored embedding equals the item encoder's output.
 */
public class EmbeddingProcessorTests extends OpenSearchTestCase {

    private static final String MODEL = DeterministicBundleWriter.DEFAULT_NAME;

    private ModelBundleRegistry registry;
    private EmbeddingProcessor.Factory factory;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        Path models = createTempDir();
        DeterministicBundleWriter.write(models, MODEL);
        Path broken = Files.createDirectories(models.resolve("broken"));
        Files.writeString(broken.resolve("manifest.json"), "{not json");
        registry = new ModelBundleRegistry(models, createTempDir(), InferenceOptions.DEFAULT);
        factory = new EmbeddingProcessor.Factory(registry);
    }

    @Override
    public void tearDown() throws Exception {
        registry.close();
        super.tearDown();
    }

    private EmbeddingProcessor create(Map<String, Object> config) throws Exception {
        return (EmbeddingProcessor) factory.create(Map.<String, Processor.Factory>of(), "tag", null, new HashMap<>(config));
    }

    private String configError(Map<String, Object> config) {
        return expectThrows(OpenSearchParseException.class, () -> create(config)).getMessage();
    }

    public void testDefaultsToTheBundlesItemTextFields() throws Exception {
        EmbeddingProcessor processor = create(Map.of("model", MODEL, "field", "item_embedding"));
        assertEquals(MODEL, processor.model());
        assertEquals("item_embedding", processor.field());
        assertEquals(List.of("title"), processor.textFields());
        assertEquals("prectr_embedding", processor.getType());
        assertEquals(List.of("title", "brand"),
            create(Map.of("model", MODEL, "field", "e", "text_fields", List.of("title", "brand"))).textFields());
    }

    public void testConfigurationErrorsNameTheProperty() {
        assertEquals("[model] required property is missing", configError(Map.of("field", "e")));
        assertEquals("[field] required property is missing", configError(Map.of("model", MODEL)));
        assertEquals("[model] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [../etc]",
            configError(Map.of("model", "../etc", "field", "e")));
        assertEquals("[field] must not be blank but was [ ]", configError(Map.of("model", MODEL, "field", " ")));
        assertEquals("[text_fields] must not be empty but was [[]]",
            configError(Map.of("model", MODEL, "field", "e", "text_fields", List.of())));
        List<Object> withNumber = new ArrayList<>(List.of("title", 3));
        assertEquals("[text_fields] must hold non-blank field names but held [3]",
            configError(Map.of("model", MODEL, "field", "e", "text_fields", withNumber)));
        assertEquals("[field] must not be one of the text fields [title] but was [title]",
            configError(Map.of("model", MODEL, "field", "title")));
        assertEquals("[model] property isn't a string, but of type [java.lang.Integer]",
            configError(Map.of("model", 7, "field", "e")));
        String missing = configError(Map.of("model", "nope", "field", "e"));
        assertTrue(missing, missing.startsWith("[model] bundle [nope] cannot be used: [prectr] [model] bundle [nope] was not found in ["));
        String broken = configError(Map.of("model", "broken", "field", "e"));
        assertTrue(broken, broken.startsWith("[model] bundle [broken] cannot be used: [prectr] model bundle [broken] at ["));
    }

    public void testStoresTheItemEncodersOutputAndTheBundleVersion() throws Exception {
        String title = "Hydro Flask Stainless Steel Water Bottle, Wide Mouth, 32 oz";
        IngestDocument document = document(Map.of("title", title, "brand", "Hydro Flask"));
        create(Map.of("model", MODEL, "field", "emb")).execute(document);

        ModelBundle bundle = registry.acquire(MODEL);
        float[] expected = bundle.model().encodeItems(bundle.tokenizer().encodeBatch(List.of(title),
            bundle.manifest().tokenizer().itemMaxLength()));
        float[] stored = StoredEmbedding.fromBytes(Base64.getDecoder().decode(document.getFieldValue("emb", String.class)),
            DeterministicBundleWriter.EMBEDDING_DIM);
        assertEquals(DeterministicBundleWriter.EMBEDDING_DIM, stored.length);
        for (int d = 0; d < stored.length; d++) {
            assertEquals("dimension " + d, expected[d], stored[d], 1e-6f);
        }
        assertNotEquals(0f, norm(stored), 0f);
        assertEquals(DeterministicBundleWriter.VERSION, document.getFieldValue("emb_version", String.class));
        assertEquals(title, document.getFieldValue("title", String.class));
    }

    public void testJoinsTextFieldsAndListsAndSkipsMissingOnes() throws Exception {
        Map<String, Object> source = new HashMap<>();
        source.put("title", "leather strap");
        source.put("tags", List.of("brown", "vintage"));
        source.put("blank", " ");
        source.put("empty", List.of("", "  "));
        IngestDocument document = document(source);
        assertEquals("leather strap brown vintage",
            EmbeddingProcessor.itemText(document, List.of("title", "missing", "tags")));
        // the core's ItemText rule: blank values add nothing (no double space), as at query time
        assertEquals("leather strap brown vintage",
            EmbeddingProcessor.itemText(document, List.of("blank", "title", "empty", "tags")));
        create(Map.of("model", MODEL, "field", "emb", "text_fields", List.of("title", "missing", "tags"))).execute(document);
        IngestDocument same = document(Map.of("t", "leather strap brown vintage"));
        create(Map.of("model", MODEL, "field", "emb", "text_fields", List.of("t"))).execute(same);
        assertEquals(same.getFieldValue("emb", String.class), document.getFieldValue("emb", String.class));

        IngestDocument empty = document(Map.of("other", "x"));
        create(Map.of("model", MODEL, "field", "emb")).execute(empty);
        assertEquals(DeterministicBundleWriter.VERSION, empty.getFieldValue("emb_version", String.class));
        assertEquals(4 * DeterministicBundleWriter.EMBEDDING_DIM,
            Base64.getDecoder().decode(empty.getFieldValue("emb", String.class)).length);
    }

    public void testBatchEqualsOneByOne() throws Exception {
        List<String> titles = List.of("red running shoes", "toddler water bottle without straw",
            "tennis lacoste hombre", "thin leather strap", "table top bandsaw for metal");
        EmbeddingProcessor batched = create(Map.of("model", MODEL, "field", "emb", "batch_size", 3));
        EmbeddingProcessor single = create(Map.of("model", MODEL, "field", "emb"));
        List<IngestDocumentWrapper> wrappers = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            wrappers.add(new IngestDocumentWrapper(i, 0, document(Map.of("title", titles.get(i))), null));
        }
        AtomicReference<List<IngestDocumentWrapper>> out = new AtomicReference<>(new ArrayList<>());
        batched.batchExecute(wrappers, results -> out.get().addAll(results));
        assertEquals(titles.size(), out.get().size());
        for (IngestDocumentWrapper wrapper : out.get()) {
            assertNull(wrapper.getException());
            IngestDocument alone = document(Map.of("title", titles.get(wrapper.getSlot())));
            single.execute(alone);
            // padding to a longer row does not change a masked mean
            float[] a = StoredEmbedding.fromBytes(Base64.getDecoder().decode(alone.getFieldValue("emb", String.class)), 16);
            float[] b = StoredEmbedding.fromBytes(
                Base64.getDecoder().decode(wrapper.getIngestDocument().getFieldValue("emb", String.class)), 16);
            for (int d = 0; d < 16; d++) {
                assertEquals(a[d], b[d], 1e-6f);
            }
        }
    }

    public void testStoredEmbeddingRoundTripAndLengthCheck() {
        float[] values = {1.5f, -2f, 0f, 3.25f, 7f, 8f};
        byte[] row = StoredEmbedding.toBytes(values, 1, 3);
        assertEquals(12, row.length);
        // 3.25f is 0x40500000: little-endian puts its low byte first
        assertArrayEquals(new byte[] {0x00, 0x00, 0x50, 0x40}, java.util.Arrays.copyOf(row, 4));
        float[] back = StoredEmbedding.fromBytes(row, 3);
        assertArrayEquals(new float[] {3.25f, 7f, 8f}, back, 0f);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> StoredEmbedding.fromBytes(new byte[8], 3));
        assertEquals("[embedding] must have [12] bytes (4 x D) but had [8]", e.getMessage());
        assertEquals("emb_version", StoredEmbedding.versionField("emb"));
    }

    private static IngestDocument document(Map<String, Object> source) {
        return new IngestDocument("idx", "1", null, 1L, VersionType.INTERNAL, new HashMap<>(source));
    }

    private static float norm(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x * x;
        }
        return s;
    }
}
