package org.prectr.opensearch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.rescore.RequestRules;

/**
 * The plugin's settings (docs/request.md): the index settings that tell the rescorer which bundle
 * to use and where the document fields are, and the node setting that says where bundles live.
 * Every value is validated when an index is created or updated, so a bad setting is a 400 at that
 * moment rather than a failure at the first search; a setting that names a field is also checked
 * against the mapping ({@link FieldSettingsValidator}). {@code null} resets any of them to its default.
 */
public final class PrectrSettings {

    /** Largest {@code index.prectr.max_window_size} an index may set. */
    public static final int MAX_WINDOW_SIZE_LIMIT = 10_000;

    /** Bundle used when a request names none; empty means none. */
    public static final Setting<String> MODEL = Setting.simpleString("index.prectr.model", "",
        value -> {
            if (value.isEmpty() == false) {
                BundleNames.validate("index.prectr.model", value);
            }
        }, Property.IndexScope, Property.Dynamic);

    /** Text field read from {@code _source} for the item encoder when no embedding is stored. */
    public static final Setting<String> TEXT_FIELD = Setting.simpleString("index.prectr.text_field", "title",
        value -> requireFieldName("index.prectr.text_field", value), Property.IndexScope, Property.Dynamic);

    /** Binary doc-values field holding the item embedding; empty means the item encoder runs. */
    public static final Setting<String> EMBEDDING_FIELD = Setting.simpleString("index.prectr.embedding_field", "",
        value -> {
            if (value.isEmpty() == false) {
                requireFieldName("index.prectr.embedding_field", value);
            }
        }, Property.IndexScope, Property.Dynamic);

    /** Largest {@code window_size} a {@code prectr} rescore may ask for on this index. */
    public static final Setting<Integer> MAX_WINDOW_SIZE = Setting.intSetting("index.prectr.max_window_size", 1000, 1,
        MAX_WINDOW_SIZE_LIMIT, Property.IndexScope, Property.Dynamic);

    /**
     * Maps a logical document field of the bundle ({@code index.prectr.fields.<name>}) to an index field;
     * empty (also what {@code null} resets it to) means the field of the logical name itself.
     */
    public static final Setting.AffixSetting<String> FIELDS = Setting.prefixKeySetting("index.prectr.fields.",
        key -> Setting.simpleString(key, value -> {
            if (value.isEmpty() == false) {
                requireFieldName(key, value);
            }
        }, Property.IndexScope, Property.Dynamic));

    /** Whether a request that names {@code user.id} and sends no history reads the user's clicks from the UBI indexes. */
    public static final Setting<Boolean> HISTORY_ENABLED = Setting.boolSetting("index.prectr.history.enabled", true,
        Property.IndexScope, Property.Dynamic);

    /** The UBI events index the user's clicks are read from. */
    public static final Setting<String> HISTORY_EVENTS_INDEX = Setting.simpleString("index.prectr.history.events_index", "ubi_events",
        value -> requireIndexName("index.prectr.history.events_index", value), Property.IndexScope, Property.Dynamic);

    /** The UBI queries index that gives the query text of an event that carries only a {@code query_id}. */
    public static final Setting<String> HISTORY_QUERIES_INDEX = Setting.simpleString("index.prectr.history.queries_index",
        "ubi_queries", value -> requireIndexName("index.prectr.history.queries_index", value), Property.IndexScope, Property.Dynamic);

    /** Most clicks read per request (the latest ones). */
    public static final Setting<Integer> HISTORY_MAX_ENTRIES = Setting.intSetting("index.prectr.history.max_entries", 50, 1,
        org.prectr.opensearch.rescore.RequestUser.MAX_HISTORY, Property.IndexScope, Property.Dynamic);

    /** Oldest click read, as an age. */
    public static final Setting<TimeValue> HISTORY_MAX_AGE = Setting.timeSetting("index.prectr.history.max_age",
        TimeValue.timeValueDays(90), TimeValue.timeValueSeconds(1), TimeValue.timeValueDays(3650), Property.IndexScope,
        Property.Dynamic);

    /** The UBI {@code action_name}s read as clicks. */
    public static final Setting<List<String>> HISTORY_ACTIONS = Setting.listSetting("index.prectr.history.actions", List.of("click"),
        value -> {
            if (value.isBlank()) {
                throw new IllegalArgumentException("[index.prectr.history.actions] must not hold a blank action but was [" + value + "]");
            }
            return value;
        }, Property.IndexScope, Property.Dynamic);

    /**
     * Whether the per-request work (bundle, query and history encodings, inferred grades, r_u, r_cate)
     * runs once on the coordinating node; false: on every shard, as before (an operator's switch).
     */
    public static final Setting<Boolean> PREPARE_ON_COORDINATOR = Setting.boolSetting("index.prectr.prepare_on_coordinator", true,
        Property.IndexScope, Property.Dynamic);

    /** Folder of bundles, one sub-folder per bundle name; default {@code <config>/prectr/models}. */
    public static final Setting<String> MODEL_DIR = Setting.simpleString("prectr.model_dir", "", Property.NodeScope);

    private PrectrSettings() {}

    /** @return every setting the plugin registers */
    public static List<Setting<?>> all() {
        return List.of(MODEL, TEXT_FIELD, EMBEDDING_FIELD, MAX_WINDOW_SIZE, FIELDS, MODEL_DIR, HISTORY_ENABLED, HISTORY_EVENTS_INDEX,
            HISTORY_QUERIES_INDEX, HISTORY_MAX_ENTRIES, HISTORY_MAX_AGE, HISTORY_ACTIONS, PREPARE_ON_COORDINATOR);
    }

    /**
     * @param nodeSettings the node's settings
     * @param configDir the node's config folder
     * @return the folder that {@code prectr.model_dir} names, or {@code <config>/prectr/models}
     */
    public static Path modelDir(Settings nodeSettings, Path configDir) {
        String value = MODEL_DIR.get(nodeSettings);
        return value.isEmpty() ? configDir.resolve("prectr").resolve("models") : configDir.resolve(value);
    }

    /**
     * The index fields that the logical fields map to: {@code index.prectr.fields.<name>}, else the
     * field of the same name.
     *
     * @param indexSettings the index's current settings
     * @return a function from logical field name to index field name
     */
    public static Function<String, String> fieldMapping(Settings indexSettings) {
        Map<String, String> mapped = FIELDS.getAsMap(indexSettings);
        return name -> {
            String field = mapped.get(name);
            return field == null || field.isEmpty() ? name : field;
        };
    }

    /** Index names as OpenSearch allows them, without wildcards, commas or date math: one index or alias. */
    private static void requireIndexName(String key, String value) {
        if (value.matches("[a-z0-9_][a-z0-9_.+-]{0,254}") == false || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("[" + key + "] must be one index or alias name (lower case, no wildcard or comma) but was ["
                + value + "]");
        }
    }

    private static void requireFieldName(String key, String value) {
        RequestRules.requireFieldName(key, value);
    }
}
