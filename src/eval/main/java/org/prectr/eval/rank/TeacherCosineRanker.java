package org.prectr.eval.rank;

import org.prectr.eval.data.Product;
import org.prectr.trainer.teacher.TeacherEncoder;
import org.prectr.trainer.teacher.TeacherModel;

import java.util.ArrayList;
import java.util.List;

/**
 * A frozen sentence-embedding teacher as a ranker: cosine between the query's and the title's unit-norm
 * embeddings (bge-small-en-v1.5 or all-MiniLM-L6-v2, run with ONNX Runtime by the trainer's
 * {@link TeacherEncoder}). Not personalised; embeddings are cached per text by the encoder.
 */
public final class TeacherCosineRanker implements Ranker {
    private final String name;
    private final TeacherEncoder encoder;

    public TeacherCosineRanker(String name, TeacherModel model) throws Exception {
        this.name = name;
        this.encoder = TeacherEncoder.open(model);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RankerOutput score(RankRequest request) {
        List<String> texts = new ArrayList<>(request.size() + 1);
        texts.add(request.query());
        for (Product p : request.products()) texts.add(p.title());
        float[][] e = encoder.embed(texts);
        double[] s = new double[request.size()];
        for (int i = 0; i < s.length; i++) {
            double dot = 0;
            for (int d = 0; d < e[0].length; d++) dot += e[0][d] * e[i + 1][d];
            s[i] = dot;
        }
        return new RankerOutput(s, s, null);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
