package org.prectr.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.prectr.benchmarks.baseline.MiniLmBaselineBundle;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.inference.InferenceOptions;
import org.prectr.onnx.DeterministicBundleWriter;

/**
 * Resolves the {@code bundle} parameter of the benchmarks: {@value #DETERMINISTIC} (the hand-set
 * bundle of prectr-onnx, written to a temporary folder), {@value #MINILM} (the per-hit transformer
 * baseline: all-MiniLM-L6-v2 as item encoder) or the path of a bundle folder (the trainer's, e.g.
 * {@code models/esci-v2}). Sessions use one intra-op and one inter-op thread, as on a search node,
 * so the numbers are per core.
 */
final class BenchmarkBundles {

    static final String DETERMINISTIC = "deterministic";
    static final String MINILM = "minilm-baseline";

    private BenchmarkBundles() {
    }

    /** A loaded bundle and the temporary folder it was written to, if any. */
    record Loaded(ModelBundle bundle, Path tempDir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            bundle.close();
            if (tempDir != null) {
                try (Stream<Path> files = Files.walk(tempDir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    static Loaded load(String bundle) throws IOException, InvalidBundleException {
        if (DETERMINISTIC.equals(bundle) || MINILM.equals(bundle)) {
            Path temp = Files.createTempDirectory("prectr-bench");
            Path dir = DETERMINISTIC.equals(bundle)
                ? DeterministicBundleWriter.write(temp, DeterministicBundleWriter.DEFAULT_NAME)
                : MiniLmBaselineBundle.write(temp, MiniLmBaselineBundle.DEFAULT_NAME);
            return new Loaded(ModelBundle.load(dir, InferenceOptions.DEFAULT), temp);
        }
        return new Loaded(ModelBundle.load(Path.of(bundle), InferenceOptions.DEFAULT), null);
    }
}
