package org.prectr.opensearch;

import java.io.IOException;
import java.util.Map;

/** The ESCI sample products and their mapping, for tests outside this package. */
public final class TestProducts {

    /** The products' mapping. */
    public static final String MAPPING = EsciSample.MAPPING;

    private TestProducts() {}

    /**
     * @return asin to product source
     * @throws IOException if the resource cannot be read
     */
    public static Map<String, Map<String, Object>> products() throws IOException {
        return EsciSample.products();
    }
}
