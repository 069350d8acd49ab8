package org.prectr.core.features;

import java.util.List;

/**
 * Encodes query texts into embeddings: the bundle's query encoder at serving time, or whatever the
 * trainer uses. Lets the feature code stay free of ONNX Runtime.
 */
@FunctionalInterface
public interface QueryEncoder {

    /**
     * @param texts query texts, at least one
     * @return their embeddings, row-major texts.size() x D
     */
    float[] encode(List<String> texts);
}
