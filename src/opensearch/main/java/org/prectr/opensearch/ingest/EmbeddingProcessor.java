package org.prectr.opensearch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.opensearch.common.lease.Releasable;
import org.opensearch.ingest.AbstractBatchingProcessor;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.MatchFeatures;
import org.prectr.core.text.ItemText;
import org.prectr.core.text.TokenBatch;
import org.prectr.opensearch.shard.ModelBundleRegistry;

/**
 * The {@code prectr_embedding} ingest processor: runs a bundle's item encoder over a document's item
 * text at index time and stores the embedding and the bundle version ({@link StoredEmbedding}), so
 * that the rescorer reads the embedding from doc values instead of encoding the item at query time.
 *
 * <p>Item text: the values of the text fields (by default the bundle's {@code item_text_fields}),
 * list elements included, joined by one space by the core's {@link ItemText} rule (a missing or blank
 * value contributes nothing), as in the rescorer's query-time fallback, so both paths encode the same text. With {@code batch_size} &gt; 1 (the
 * batching processor's option) the documents of a bulk request are encoded {@code batch_size} at a
 * time in one encoder call. The bundle is looked up in the node's registry on every call, so a
 * processor never holds a bundle the registry has closed.
 */
public final class EmbeddingProcessor extends AbstractBatchingProcessor {

    /** The processor's name in pipeline definitions. */
    public static final String TYPE = "prectr_embedding";

    private final ModelBundleRegistry bundles;
    private final String model;
    private final String field;
    private final List<String> textFields;

    EmbeddingProcessor(String tag, String description, int batchSize, ModelBundleRegistry bundles, String model,
                       String field, List<String> textFields) {
        super(tag, description, batchSize);
        this.bundles = bundles;
        this.model = model;
        this.field = field;
        this.textFields = List.copyOf(textFields);
    }

    @Override
    public String getType() {
        return TYPE;
    }

    /** @return the bundle name */
    public String model() {
        return model;
    }

    /** @return the embedding field F */
    public String field() {
        return field;
    }

    /** @return the fields joined into the item text */
    public List<String> textFields() {
        return textFields;
    }

    /** Stateless and thread-safe. */
    private static final MatchFeatures MATCH = new MatchFeatures();

    @Override
    public IngestDocument execute(IngestDocument document) {
        encode(List.of(document));
        return document;
    }

    @Override
    protected void subBatchExecute(List<IngestDocumentWrapper> wrappers, Consumer<List<IngestDocumentWrapper>> handler) {
        List<IngestDocument> documents = new ArrayList<>(wrappers.size());
        for (IngestDocumentWrapper wrapper : wrappers) {
            documents.add(wrapper.getIngestDocument());
        }
        try {
            encode(documents);
        } catch (Exception e) {
            // one encoder call for the sub-batch: its failure is every document's failure
            for (IngestDocumentWrapper wrapper : wrappers) {
                wrapper.update(wrapper.getIngestDocument(), e);
            }
        }
        handler.accept(wrappers);
    }

    private void encode(List<IngestDocument> documents) {
        ModelBundle bundle = bundles.acquire(model);
        List<String> texts = new ArrayList<>(documents.size());
        for (IngestDocument document : documents) {
            texts.add(itemText(document, textFields));
        }
        int dim = bundle.manifest().embeddingDim();
        float[] embeddings;
        // the lease keeps an uploaded bundle open if it is replaced while we encode
        try (Releasable lease = bundles.lease(bundle)) {
            TokenBatch batch = bundle.tokenizer().encodeBatch(texts, bundle.manifest().tokenizer().itemMaxLength());
            embeddings = bundle.model().encodeItems(batch);
        } catch (LinkageError e) {
            // an Error escaping into an OpenSearch thread halts the node
            throw new IllegalStateException("[" + TYPE + "] ONNX Runtime cannot run on this node: " + e, e);
        }
        String version = bundle.manifest().version();
        for (int i = 0; i < documents.size(); i++) {
            if (StoredEmbedding.check(embeddings, i * dim, dim).malformed()) {
                // the encoder's output for this item is not finite or out of range: store none, the
                // rescorer encodes it at query time (as for a document indexed without the pipeline)
                continue;
            }
            documents.get(i).setFieldValue(field, StoredEmbedding.toBase64(embeddings, i, dim));
            documents.get(i).setFieldValue(StoredEmbedding.versionField(field), version);
            documents.get(i).setFieldValue(StoredEmbedding.keywordsField(field), MATCH.itemKeywords(texts.get(i)));
        }
    }

    /**
     * @param document a document
     * @param fields the text fields
     * @return the values of the fields that are present, joined by the core's {@link ItemText} rule
     */
    static String itemText(IngestDocument document, List<String> fields) {
        return ItemText.join(fields, f -> ItemText.asValues(document.getFieldValue(f, Object.class, true)));
    }

    /** Parses and checks the processor's configuration; every error names the property (HTTP 400). */
    public static final class Factory extends AbstractBatchingProcessor.Factory {

        private final ModelBundleRegistry bundles;

        /** @param bundles the node's bundle registry */
        public Factory(ModelBundleRegistry bundles) {
            super(TYPE);
            this.bundles = bundles;
        }

        @Override
        protected AbstractBatchingProcessor newProcessor(String tag, String description, int batchSize,
                                                         Map<String, Object> config) {
            EmbeddingProcessorConfig parsed = EmbeddingProcessorConfig.parse(tag, config, bundles);
            return new EmbeddingProcessor(tag, description, batchSize, bundles, parsed.model(), parsed.field(),
                parsed.textFields());
        }
    }
}
