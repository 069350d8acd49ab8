package org.prectr.core.bundle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX graph of the bundle: its file and its input and output names with their shapes, in the
 * manifest's order ({@code -1} is a dynamic axis).
 *
 * @param file the bundle-relative graph file
 * @param inputs input name to shape, in manifest order
 * @param outputs output name to shape, in manifest order
 */
public record GraphSpec(String file, Map<String, List<Long>> inputs, Map<String, List<Long>> outputs) {

    /** A dynamic axis. */
    public static final long DYNAMIC = -1;

    /** Copies the maps, keeping their order, so the record is immutable. */
    public GraphSpec {
        inputs = orderedCopy(inputs);
        outputs = orderedCopy(outputs);
    }

    private static Map<String, List<Long>> orderedCopy(Map<String, List<Long>> map) {
        if (map == null) {
            return null;
        }
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        map.forEach((name, shape) -> copy.put(name, shape == null ? null : Collections.unmodifiableList(new ArrayList<>(shape))));
        return Collections.unmodifiableMap(copy);
    }
}
