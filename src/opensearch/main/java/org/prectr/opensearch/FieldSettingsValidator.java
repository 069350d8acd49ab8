package org.prectr.opensearch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensearch.common.settings.Settings;

/**
 * Checks the {@code index.prectr.*} settings that name a field against an index's mapping, so that a
 * setting pointing nowhere is a 400 when it is set (index creation, settings update, mapping change),
 * not a silent or failed search later (docs/request.md "Index settings"). Only explicitly set settings
 * are checked (the default {@code text_field: title} applies to every index, prectr or not):
 * <ul>
 *   <li>{@code index.prectr.text_field}: a mapped text-like field (its text is read from {@code _source});</li>
 *   <li>{@code index.prectr.embedding_field}: a {@code binary} field with {@code doc_values: true};</li>
 *   <li>{@code index.prectr.fields.<name>}: a mapped field a bundle can read: numeric, keyword or boolean
 *       with doc values (features), or text-like (item texts). Which of these the bundle needs is known
 *       only with the bundle, so that part stays a search-time check.</li>
 * </ul>
 */
public final class FieldSettingsValidator {

    /** Field types whose value is text in {@code _source}. */
    static final Set<String> TEXT_TYPES = Set.of("text", "match_only_text", "keyword", "wildcard", "constant_keyword",
        "search_as_you_type");
    /** Field types a feature reads from doc values. */
    static final Set<String> DOC_VALUE_TYPES = Set.of("keyword", "boolean", "long", "integer", "short", "byte", "double", "float",
        "half_float", "scaled_float", "unsigned_long", "constant_keyword", "wildcard");

    /**
     * One mapped field.
     *
     * @param type its type
     * @param docValues whether it has doc values
     */
    record MappedField(String type, boolean docValues) {
    }

    private FieldSettingsValidator() {}

    /**
     * @param index the index name, for messages
     * @param settings its settings (normalised to the {@code index.} prefix); a key with a null value is being reset
     * @param fields its mapped fields by full path ({@link #mappedFields})
     * @param onlyDefined when true, only the fields present in {@code fields} are checked (a mapping change
     *     checks what it defines; the rest of the mapping is not in hand)
     * @throws IllegalArgumentException naming the setting, the field and what was expected
     */
    public static void validate(String index, Settings settings, Map<String, MappedField> fields, boolean onlyDefined) {
        // each setting's own checks first (a name with whitespace is refused as such, not as a missing field)
        for (String key : settings.keySet()) {
            if (settings.get(key) == null) {
                continue;
            }
            if (key.equals(PrectrSettings.TEXT_FIELD.getKey())) {
                PrectrSettings.TEXT_FIELD.get(settings);
            } else if (key.equals(PrectrSettings.EMBEDDING_FIELD.getKey())) {
                PrectrSettings.EMBEDDING_FIELD.get(settings);
            } else if (PrectrSettings.FIELDS.match(key)) {
                PrectrSettings.FIELDS.getConcreteSetting(key).get(settings);
            }
        }
        String text = settings.get(PrectrSettings.TEXT_FIELD.getKey());
        if (text != null && text.isEmpty() == false) {
            check(index, PrectrSettings.TEXT_FIELD.getKey(), text, fields, onlyDefined, "a mapped text or keyword field",
                f -> TEXT_TYPES.contains(f.type()));
        }
        String embedding = settings.get(PrectrSettings.EMBEDDING_FIELD.getKey());
        if (embedding != null && embedding.isEmpty() == false) {
            check(index, PrectrSettings.EMBEDDING_FIELD.getKey(), embedding, fields, onlyDefined, "a [binary] field with [doc_values: true]",
                f -> "binary".equals(f.type()) && f.docValues());
        }
        for (String key : settings.keySet()) {
            String value = settings.get(key);
            if (key.startsWith(PrectrSettings.FIELDS.getKey()) && value != null && value.isEmpty() == false) {
                check(index, key, value, fields, onlyDefined,
                    "a mapped field a bundle can read: numeric, keyword or boolean with doc values, or a text field",
                    f -> TEXT_TYPES.contains(f.type()) || (DOC_VALUE_TYPES.contains(f.type()) && f.docValues()));
            }
        }
    }

    private static void check(String index, String setting, String field, Map<String, MappedField> fields, boolean onlyDefined,
                              String expected, java.util.function.Predicate<MappedField> fits) {
        MappedField mapped = fields.get(field);
        if (mapped == null) {
            if (onlyDefined) {
                return;
            }
            throw new IllegalArgumentException("[" + setting + "] must name " + expected + " of index [" + index + "] but the mapping has no field ["
                + field + "]");
        }
        if (fits.test(mapped) == false) {
            throw new IllegalArgumentException("[" + setting + "] must name " + expected + " of index [" + index + "] but [" + field
                + "] is a [" + mapped.type() + "] field" + (mapped.docValues() ? "" : " without doc values"));
        }
    }

    /**
     * Flattens a mapping ({@code {"properties": ...}}, optionally under {@code _doc}) into its fields by
     * full path, multi-fields ({@code title.raw}) and aliases (as their target) included.
     *
     * @param mappings the mapping sources to merge, later ones adding to earlier ones
     * @return path -> type and doc values
     */
    @SuppressWarnings("unchecked")
    public static Map<String, MappedField> mappedFields(List<Map<String, Object>> mappings) {
        Map<String, MappedField> fields = new HashMap<>();
        Map<String, String> aliases = new HashMap<>();
        for (Map<String, Object> mapping : mappings) {
            Map<String, Object> root = mapping;
            if (root.size() == 1 && root.get("_doc") instanceof Map<?, ?> doc) {
                root = (Map<String, Object>) doc;
            }
            if (root.get("properties") instanceof Map<?, ?> properties) {
                collect("", (Map<String, Object>) properties, fields, aliases);
            }
        }
        aliases.forEach((alias, target) -> {
            MappedField resolved = fields.get(target);
            if (resolved != null) {
                fields.put(alias, resolved);
            }
        });
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static void collect(String prefix, Map<String, Object> properties, Map<String, MappedField> fields, Map<String, String> aliases) {
        for (Map.Entry<String, Object> entry : properties.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> == false) {
                continue;
            }
            Map<String, Object> definition = (Map<String, Object>) entry.getValue();
            String path = prefix + entry.getKey();
            Object type = definition.get("type");
            if (definition.get("properties") instanceof Map<?, ?> nested) {
                collect(path + ".", (Map<String, Object>) nested, fields, aliases);
                fields.put(path, new MappedField(type == null ? "object" : type.toString(), false));
                continue;
            }
            String typeName = type == null ? "object" : type.toString();
            if ("alias".equals(typeName) && definition.get("path") != null) {
                aliases.put(path, definition.get("path").toString());
                continue;
            }
            fields.put(path, new MappedField(typeName, docValues(typeName, definition.get("doc_values"))));
            if (definition.get("fields") instanceof Map<?, ?> multi) {
                collect(path + ".", (Map<String, Object>) multi, fields, aliases);
            }
        }
    }

    /** OpenSearch's defaults: doc values on, except for text-like fields and {@code binary}. */
    private static boolean docValues(String type, Object explicit) {
        if (explicit != null) {
            return Boolean.parseBoolean(explicit.toString());
        }
        return switch (type) {
            case "text", "match_only_text", "search_as_you_type", "binary", "object", "nested" -> false;
            default -> true;
        };
    }
}
