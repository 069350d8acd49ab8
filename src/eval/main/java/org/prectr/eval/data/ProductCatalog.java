package org.prectr.eval.data;

import org.prectr.core.data.ProductReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The product catalogue, read from an OpenSearch bulk file (action line, then document) as shipped
 * in ESCI-150, either plain ndjson or a zip holding one such file. Products keep file order.
 */
public final class ProductCatalog {
    private final Map<String, Product> byId;

    private ProductCatalog(Map<String, Product> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** Builds a catalogue from products (ids must be unique). */
    public static ProductCatalog of(List<Product> products) {
        Map<String, Product> byId = new LinkedHashMap<>();
        for (Product p : products) {
            if (byId.put(p.id(), p) != null) {
                throw new IllegalArgumentException("[products] must have unique ids but [" + p.id() + "] repeats");
            }
        }
        return new ProductCatalog(byId);
    }

    /** Reads a bulk ndjson file or a zip holding one (through the core's {@link ProductReader}). */
    public static ProductCatalog load(Path file) throws IOException {
        List<Product> products = new ArrayList<>();
        for (org.prectr.core.data.Product p : ProductReader.read(file).values()) {
            products.add(Product.of(p));
        }
        return of(products);
    }

    public Product get(String id) {
        return byId.get(id);
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    public List<Product> products() {
        return List.copyOf(byId.values());
    }

    public int size() {
        return byId.size();
    }
}
