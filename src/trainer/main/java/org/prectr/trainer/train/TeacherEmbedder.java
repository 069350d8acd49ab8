package org.prectr.trainer.train;

import org.prectr.trainer.teacher.TeacherEncoder;

import java.util.List;

/**
 * Frozen teacher embeddings (bge-small / MiniLM through ONNX Runtime) in place of the distilled
 * encoder: the "v2 without distilled encoder" ablation. A model trained this way scores examples in
 * Java but cannot be exported as a bundle, whose encoder contract is the distilled encoder's.
 */
public final class TeacherEmbedder implements TextEmbedder {

    private final TeacherEncoder teacher;

    /** @param teacher an open teacher (not closed here) */
    public TeacherEmbedder(TeacherEncoder teacher) {
        this.teacher = teacher;
    }

    @Override
    public float[] embed(List<String> texts, boolean queries) {
        int d = dim();
        float[][] rows = teacher.embed(texts);
        float[] out = new float[texts.size() * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    @Override
    public int dim() {
        return teacher.dimension();
    }
}
