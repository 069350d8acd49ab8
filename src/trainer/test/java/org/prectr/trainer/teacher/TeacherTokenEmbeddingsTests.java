package org.prectr.trainer.teacher;

import org.junit.Test;
import org.prectr.core.text.Vocabulary;

import java.io.InputStream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class TeacherTokenEmbeddingsTests {

    @Test
    public void miniLmTableProjectsKeepingTokenSimilarity() throws Exception {
        TeacherTokenEmbeddings table = TeacherTokenEmbeddings.read(TeacherModel.ALL_MINILM_L6_V2, 30_522);
        assertEquals(384, table.hidden());
        Vocabulary vocabulary;
        try (InputStream json = getClass().getClassLoader().getResourceAsStream(TeacherModel.ALL_MINILM_L6_V2.tokenizerResource())) {
            vocabulary = Vocabulary.fromTokenizerJson(json);
        }
        float[] projected = table.project(32, 0.1, 42);
        assertEquals(30_522 * 32, projected.length);
        double squares = 0;
        for (float v : projected) {
            squares += v * v;
        }
        assertEquals(0.1, Math.sqrt(squares / projected.length), 1e-4);
        int shoe = vocabulary.id("shoe");
        int shoes = vocabulary.id("shoes");
        int knife = vocabulary.id("knife");
        double near = cosine(projected, shoe, shoes, 32);
        double far = cosine(projected, shoe, knife, 32);
        assertTrue("cos(shoe, shoes) = " + near + " <= cos(shoe, knife) = " + far, near > far);
    }

    @Test
    public void quantisedTeacherTableIsRefused() {
        // the int8 MiniLM keeps no float32 [30522, hidden] table
        java.io.IOException e = assertThrows(java.io.IOException.class,
            () -> TeacherTokenEmbeddings.read(TeacherModel.ALL_MINILM_L6_V2_Q, 30_522));
        assertEquals("teacher [minilm-q] has no float32 initializer of shape [30522, hidden]", e.getMessage());
    }

    private static double cosine(float[] table, int a, int b, int width) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < width; i++) {
            float x = table[a * width + i];
            float y = table[b * width + i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return dot / Math.sqrt(na * nb);
    }
}
