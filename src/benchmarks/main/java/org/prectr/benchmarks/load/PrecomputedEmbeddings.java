package org.prectr.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.MatchFeatures;
import org.prectr.core.inference.InferenceOptions;

/**
 * The stored-embedding fields of a catalog product written by the benchmark itself instead of the
 * {@code prectr_embedding} pipeline, so that a catalog of 1,000,000 products can be indexed in minutes
 * on 2 cores (through the pipeline the trained encoder indexes about 1,000 products per second).
 *
 * <p>Every copy of an ESCI product gets the embedding of its ORIGINAL title (each of the 6,764 is
 * encoded once with the bundle's item encoder); its match keywords and the version are exact. The
 * copies' titles differ from the original by a qualifier or a dropped or swapped word, so their
 * embeddings are an approximation: the rescoring work (and so its cost) is the same, the ranking is not
 * what the pipeline would give. Used only by the benchmark; docs/benchmarks.md says which runs used it.
 */
final class PrecomputedEmbeddings {

    private final String field;
    private final String version;
    private final int dim;
    private final String[] base64;
    private final MatchFeatures match = new MatchFeatures();

    /**
     * @param bundleDir the bundle folder
     * @param field F, the embedding field
     * @param catalog the catalog (its base products are encoded here)
     * @throws Exception if the bundle cannot be loaded or run
     */
    PrecomputedEmbeddings(Path bundleDir, String field, CatalogExpansion catalog) throws Exception {
        this.field = field;
        try (ModelBundle bundle = ModelBundle.load(bundleDir, InferenceOptions.DEFAULT)) {
            this.version = bundle.manifest().version();
            this.dim = bundle.manifest().embeddingDim();
            int n = catalog.baseSize();
            base64 = new String[n];
            int batch = 64;
            for (int from = 0; from < n; from += batch) {
                List<String> texts = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + batch); i++) {
                    texts.add(catalog.product(i).title());
                }
                float[] encoded = bundle.scorer().encodeItems(texts);
                for (int k = 0; k < texts.size(); k++) {
                    ByteBuffer bytes = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
                    for (int d = 0; d < dim; d++) {
                        bytes.putFloat(encoded[k * dim + d]);
                    }
                    base64[from + k] = Base64.getEncoder().encodeToString(bytes.array());
                }
            }
        }
    }

    /**
     * Adds F, F_version and F_words to a product's document.
     *
     * @param doc the document
     * @param position the product's catalog position
     * @param product the product
     */
    void addTo(com.fasterxml.jackson.databind.node.ObjectNode doc, long position, CatalogProduct product) {
        doc.put(field, base64[(int) (position % base64.length)]);
        doc.put(field + "_version", version);
        var words = doc.putArray(field + "_words");
        match.itemKeywords(product.title()).forEach(words::add);
    }
}
