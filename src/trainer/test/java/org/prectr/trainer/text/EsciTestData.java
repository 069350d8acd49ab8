package org.prectr.trainer.text;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find the real ESCI-150 data and the dev split: the shared data folder beside the
 * repository (override with {@code -Dprectr.esci.dir=...} and {@code -Dprectr.splits.dir=...}).
 */
public final class EsciTestData {

    private EsciTestData() {}

    /** @return the ESCI-150 folder */
    public static Path esciDir() {
        return existing(System.getProperty("prectr.esci.dir", "../../../shared/data/esci150"));
    }

    /** @return the products bulk zip */
    public static Path products() {
        return esciDir().resolve("esci_us_ecommerce_shrunk.ndjson.zip");
    }

    /** @return the folder holding train.json and validation.json */
    public static Path splitsDir() {
        return existing(System.getProperty("prectr.splits.dir", "../../eval/splits"));
    }

    private static Path existing(String path) {
        Path dir = Path.of(path).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("test data folder [" + dir + "] does not exist");
        }
        return dir;
    }
}
