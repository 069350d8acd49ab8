package org.prectr.opensearch.models;

import java.util.List;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.unit.ByteSizeUnit;
import org.opensearch.core.common.unit.ByteSizeValue;

/**
 * Node and cluster settings of the model store (docs/reliability.md).
 */
public final class ModelStoreSettings {

    /** Largest bundle zip an upload may carry; dynamic. An upload over it is a 413. */
    public static final Setting<ByteSizeValue> MAX_UPLOAD_SIZE = Setting.byteSizeSetting("prectr.models.max_upload_size",
        new ByteSizeValue(64, ByteSizeUnit.MB), new ByteSizeValue(1, ByteSizeUnit.KB), new ByteSizeValue(1, ByteSizeUnit.GB),
        Property.NodeScope, Property.Dynamic);

    /** A chunked upload whose last chunk is older than this is discarded with its staged chunks; dynamic. */
    public static final Setting<TimeValue> UPLOAD_EXPIRY = Setting.timeSetting("prectr.models.upload_expiry",
        TimeValue.timeValueMinutes(10), TimeValue.timeValueSeconds(1), Property.NodeScope, Property.Dynamic);

    /** Most chunks one chunked upload may have. */
    public static final int MAX_UPLOAD_CHUNKS = 10_000;

    /** An upload may unpack to at most this many times {@link #MAX_UPLOAD_SIZE} (zip bomb guard). */
    public static final int UNPACKED_FACTOR = 4;

    /** Size of the documents the zip is split into in the system index. */
    public static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private ModelStoreSettings() {}

    /** @return the settings to register */
    public static List<Setting<?>> all() {
        return List.of(MAX_UPLOAD_SIZE, UPLOAD_EXPIRY);
    }
}
