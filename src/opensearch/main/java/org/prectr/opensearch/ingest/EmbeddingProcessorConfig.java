package org.prectr.opensearch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.ingest.ConfigurationUtils;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.opensearch.shard.ModelBundleRegistry;

/**
 * The checked configuration of a {@code prectr_embedding} processor:
 * <pre>
 * {"prectr_embedding": {"model": "esci-v2", "field": "item_embedding",
 *                       "text_fields": ["title"], "batch_size": 16}}
 * </pre>
 * {@code model} (required) names a bundle the node can load; {@code field} (required) is the binary
 * field F (F_version receives the bundle version); {@code text_fields} (optional, non-empty) defaults
 * to the bundle's {@code item_text_fields}. Errors are {@code OpenSearchParseException}s (HTTP 400)
 * whose message starts with the property name, e.g. {@code [field] must not be blank but was []}.
 *
 * @param model the bundle name
 * @param field the embedding field
 * @param textFields the item text fields
 */
record EmbeddingProcessorConfig(String model, String field, List<String> textFields) {

    static final String MODEL = "model";
    static final String FIELD = "field";
    static final String TEXT_FIELDS = "text_fields";

    static EmbeddingProcessorConfig parse(String tag, Map<String, Object> config, ModelBundleRegistry bundles) {
        String type = EmbeddingProcessor.TYPE;
        String model = ConfigurationUtils.readStringProperty(type, tag, config, MODEL);
        if (BundleNames.isValid(model) == false) {
            throw ConfigurationUtils.newConfigurationException(type, tag, MODEL,
                "must match [" + BundleNames.PATTERN.pattern() + "] without [..] but was [" + model + "]");
        }
        String field = ConfigurationUtils.readStringProperty(type, tag, config, FIELD);
        if (field.isBlank()) {
            throw ConfigurationUtils.newConfigurationException(type, tag, FIELD, "must not be blank but was [" + field + "]");
        }
        List<Object> rawTextFields = ConfigurationUtils.readOptionalList(type, tag, config, TEXT_FIELDS);
        ModelBundle bundle;
        try {
            bundle = bundles.acquire(model);
        } catch (RuntimeException e) {
            throw ConfigurationUtils.newConfigurationException(type, tag, MODEL,
                "bundle [" + model + "] cannot be used: " + e.getMessage());
        }
        List<String> textFields = rawTextFields == null ? bundle.manifest().itemTextFields() : textFields(tag, rawTextFields);
        if (textFields.contains(field) || textFields.contains(StoredEmbedding.versionField(field))) {
            throw ConfigurationUtils.newConfigurationException(type, tag, FIELD,
                "must not be one of the text fields " + textFields + " but was [" + field + "]");
        }
        return new EmbeddingProcessorConfig(model, field, textFields);
    }

    private static List<String> textFields(String tag, List<Object> raw) {
        if (raw.isEmpty()) {
            throw ConfigurationUtils.newConfigurationException(EmbeddingProcessor.TYPE, tag, TEXT_FIELDS,
                "must not be empty but was [[]]");
        }
        List<String> fields = new ArrayList<>(raw.size());
        for (Object value : raw) {
            if (value instanceof String s && s.isBlank() == false) {
                fields.add(s);
            } else {
                throw ConfigurationUtils.newConfigurationException(EmbeddingProcessor.TYPE, tag, TEXT_FIELDS,
                    "must hold non-blank field names but held [" + value + "]");
            }
        }
        return List.copyOf(fields);
    }
}
