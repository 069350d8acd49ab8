package org.prectr.trainer.encoder;

import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.trainer.teacher.TeacherEncoder;
import org.prectr.trainer.teacher.TeacherModel;
import org.prectr.trainer.text.EsciTestData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small real slice of the dev split for stage-0 tests: the first training and validation queries
 * with all their judged ESCI titles, and MiniLM teacher vectors for every text (MiniLM fp32 embeds in
 * batches, so this takes seconds on two cores).
 *
 * @param data the slice
 * @param teacherVectors unit-norm MiniLM vector of every text of the slice
 * @param tokenizer the core tokenizer over the teachers' (bert-base-uncased) vocabulary
 */
record Stage0Fixture(Stage0Data data, Map<String, float[]> teacherVectors, WordPieceTokenizer tokenizer) {

    /** Encoder small enough for fast tests, with the real vocabulary so real titles can be encoded. */
    static final EncoderConfig SMALL_ENCODER = new EncoderConfig(30_522, 16, 32, 2, 4, 64, 64, 0.1f, 1e-5f, true);

    static Stage0Fixture load(int trainQueries, int validationQueries) throws Exception {
        Map<String, Product> products = ProductReader.read(EsciTestData.products());
        Stage0Data all = Stage0Data.of(Judgments.read(EsciTestData.splitsDir().resolve("train.json")),
            Judgments.read(EsciTestData.splitsDir().resolve("validation.json")), products);
        Stage0Data data = new Stage0Data(all.train().subList(0, trainQueries), all.validation().subList(0, validationQueries));
        try (TeacherEncoder teacher = TeacherEncoder.open(TeacherModel.ALL_MINILM_L6_V2)) {
            List<String> texts = new ArrayList<>(data.allTexts());
            float[][] vectors = teacher.embed(texts);
            Map<String, float[]> byText = new HashMap<>();
            for (int i = 0; i < texts.size(); i++) {
                byText.put(texts.get(i), vectors[i]);
            }
            return new Stage0Fixture(data, byText, teacher.tokenizer());
        }
    }

    static Stage0Config config(int distillEpochs, int sftEpochs) {
        return Stage0Config.DEFAULTS.withTeacher(TeacherModel.ALL_MINILM_L6_V2)
            .withSchedule(distillEpochs, sftEpochs, false)
            .withEncoder(SMALL_ENCODER);
    }
}
