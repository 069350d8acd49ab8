package org.prectr.core.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.CoreFixtures;
import org.prectr.core.bundle.InvalidBundleException;

/**
 * What OnnxPrectrModel refuses without a valid graph, with the real ONNX Runtime. Tests with real
 * graphs (names, types, shapes, NaN outputs, parity) are in src/onnx, where graphs can be written.
 */
public class OnnxPrectrModelLoadTests {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void missingGraphFileIsNamed() {
        Path dir = tmp.getRoot().toPath();
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
            () -> OnnxPrectrModel.load(dir, CoreFixtures.exampleManifest(), InferenceOptions.DEFAULT));
        assertEquals("[text_encoder.onnx] expected [a graph file] but found [no such file]", e.getMessage());
    }

    @Test
    public void garbageGraphIsRefusedByOnnxRuntimeWithTheFileNamed() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.writeString(dir.resolve("text_encoder.onnx"), "not a model");
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
            () -> OnnxPrectrModel.load(dir, CoreFixtures.exampleManifest(), InferenceOptions.DEFAULT));
        assertEquals("text_encoder.onnx", e.file());
        assertTrue(e.getMessage(), e.getMessage().startsWith("[text_encoder.onnx] expected [a graph ONNX Runtime loads] but found ["));
    }
}
