package org.prectr.eval;

import org.prectr.core.data.Judgments;
import org.prectr.eval.data.ProductCatalog;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The tiny real-ESCI fixture in test/resources/mini (see its README). */
public final class MiniData {
    private MiniData() {}

    public static Path file(String name) {
        try {
            return Path.of(MiniData.class.getResource("/mini/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ProductCatalog catalog() throws IOException {
        return ProductCatalog.load(file("products.ndjson"));
    }

    public static Judgments train() throws IOException {
        return Judgments.read(file("train.json"));
    }

    public static Judgments test() throws IOException {
        return Judgments.read(file("test.json"));
    }
}
