package org.prectr.benchmarks.load;

import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ESCI-150 products ({@code esci_us_ecommerce_shrunk.ndjson.zip}, an OpenSearch bulk file)
 * with the core's {@link ProductReader} into {@link CatalogProduct}s, in file order, so that the
 * catalog expansion starts from the same list on every machine.
 */
public final class EsciProducts {

    private EsciProducts() {
    }

    /**
     * @param zip the ESCI products zip (or a plain bulk ndjson file)
     * @return its products in file order
     * @throws IOException if the file cannot be read
     */
    public static List<CatalogProduct> read(Path zip) throws IOException {
        List<CatalogProduct> products = new ArrayList<>();
        for (Product p : ProductReader.read(zip).values()) {
            products.add(of(p));
        }
        return products;
    }

    /**
     * @param p a product read by the core's reader
     * @return the fields the benchmarks read
     */
    static CatalogProduct of(Product p) {
        return new CatalogProduct(p.id(), p.text("title"), p.text("brand"), p.text("color"),
            p.number("rating_count"), p.number("rating"), p.flag("is_book"), p.number("price"));
    }
}
