package org.prectr.trainer.teacher;

import org.junit.Test;

import java.util.List;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class TeacherEncoderTests {

    @Test
    public void bgeSmallEmbedsUnitNormAndRanksNearTextsCloser() throws Exception {
        checkTeacher(TeacherModel.BGE_SMALL_EN_V15_Q);
    }

    @Test
    public void miniLmEmbedsUnitNormAndRanksNearTextsCloser() throws Exception {
        checkTeacher(TeacherModel.ALL_MINILM_L6_V2);
    }

    private static void checkTeacher(TeacherModel model) throws Exception {
        try (TeacherEncoder teacher = TeacherEncoder.open(model)) {
            assertEquals(384, teacher.dimension());
            // one batch with rows of different lengths: padding must not change a row's embedding
            float[][] vectors = teacher.embed(List.of("running shoes", "running shoe", "kitchen knife",
                "stainless steel chef kitchen knife with a long ergonomic handle"));
            for (float[] vector : vectors) {
                assertEquals(1.0, norm(vector), 1e-5);
            }
            double near = dot(vectors[0], vectors[1]);
            double far = dot(vectors[0], vectors[2]);
            assertTrue(model + ": cos(running shoes, running shoe) = " + near + " <= cos(running shoes, kitchen knife) = "
                + far, near > far);
            try (TeacherEncoder fresh = TeacherEncoder.open(model, 128, 1, 1)) {
                assertArrayEquals("batched and padded = alone", fresh.embed("running shoe"), vectors[1], 1e-4f);
            }
            assertEquals(4, teacher.cachedTexts());
            assertArrayEquals("cached", vectors[2], teacher.embed("kitchen knife"), 0f);
        }
    }

    @Test
    public void cachedVectorsRoundTripThroughAFile() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("teacher", ".vectors");
        try (TeacherEncoder teacher = TeacherEncoder.open(TeacherModel.ALL_MINILM_L6_V2_Q)) {
            float[][] vectors = teacher.embed(List.of("red running shoes", "usb c cable"));
            teacher.saveCache(file);
            try (TeacherEncoder reloaded = TeacherEncoder.open(TeacherModel.ALL_MINILM_L6_V2_Q)) {
                assertEquals(2, reloaded.loadCache(file));
                assertEquals(2, reloaded.cachedTexts());
                assertArrayEquals(vectors[1], reloaded.embed("usb c cable"), 0f);
            }
            try (TeacherEncoder shorter = TeacherEncoder.open(TeacherModel.ALL_MINILM_L6_V2_Q, 64, 8, 1)) {
                java.io.IOException e = org.junit.Assert.assertThrows(java.io.IOException.class, () -> shorter.loadCache(file));
                assertEquals("[" + file + "] holds [minilm-q] vectors of size [384] at max length [128] but this teacher is"
                    + " [minilm-q] with size [384] at max length [64]", e.getMessage());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    public void unknownTeacherNameIsRejected() {
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
            () -> TeacherModel.fromName("bert"));
        assertEquals("[teacher] must be one of [bge-small, minilm, minilm-q] but was [bert]", e.getMessage());
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
