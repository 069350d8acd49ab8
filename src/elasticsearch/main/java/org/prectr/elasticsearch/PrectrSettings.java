package org.prectr.elasticsearch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Setting.Property;
import org.elasticsearch.common.settings.Settings;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.rescore.RequestRules;

/**
 * The plugin's settings, with the names and checks of the OpenSearch plugin (docs/request.md):
 * {@code index.prectr.model}, {@code index.prectr.text_field}, {@code index.prectr.max_window_size},
 * {@code index.prectr.fields.<name>} and the node setting {@code prectr.model_dir}. The OpenSearch-only
 * {@code index.prectr.embedding_field} (written by its ingest processor) is not registered here.
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

    /** Text field read from {@code _source} for the item encoder and the match features. */
    public static final Setting<String> TEXT_FIELD = Setting.simpleString("index.prectr.text_field", "title",
        value -> RequestRules.requireFieldName("index.prectr.text_field", value), Property.IndexScope, Property.Dynamic);

    /** Largest {@code window_size} a {@code prectr} rescore may ask for on this index. */
    public static final Setting<Integer> MAX_WINDOW_SIZE = Setting.intSetting("index.prectr.max_window_size", 1000, 1,
        MAX_WINDOW_SIZE_LIMIT, Property.IndexScope, Property.Dynamic);

    /** Maps a logical document field of the bundle ({@code index.prectr.fields.<name>}) to an index field. */
    public static final Setting.AffixSetting<String> FIELDS = Setting.prefixKeySetting("index.prectr.fields.",
        key -> Setting.simpleString(key, value -> RequestRules.requireFieldName(key, value), Property.IndexScope, Property.Dynamic));

    /** Folder of bundles, one sub-folder per bundle name; default {@code <config>/prectr/models}. */
    public static final Setting<String> MODEL_DIR = Setting.simpleString("prectr.model_dir", "", Property.NodeScope);

    private PrectrSettings() {}

    /** @return every setting the plugin registers */
    public static List<Setting<?>> all() {
        return List.of(MODEL, TEXT_FIELD, MAX_WINDOW_SIZE, FIELDS, MODEL_DIR);
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
     * @param indexSettings the index's current settings
     * @return a function from logical field name to index field name ({@code index.prectr.fields.<name>}, else the same name)
     */
    public static Function<String, String> fieldMapping(Settings indexSettings) {
        Map<String, String> mapped = FIELDS.getAsMap(indexSettings);
        return name -> mapped.getOrDefault(name, name);
    }
}
