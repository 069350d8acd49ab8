package org.prectr.core.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the core's tests find the real ESCI-150 data: the shared data folder beside the repository
 * (override with {@code -Dprectr.esci.dir=...}), as the trainer's tests do.
 */
final class EsciData {

    private EsciData() {}

    /** @return a file of the ESCI-150 folder */
    static Path file(String name) {
        Path dir = Path.of(System.getProperty("prectr.esci.dir", "../../../shared/data/esci150")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("test data folder [" + dir + "] does not exist");
        }
        return dir.resolve(name);
    }
}
