package org.prectr.trainer.teacher;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The sentence-embedding teachers available offline: the ONNX model and {@code tokenizer.json} packed in
 * the {@code dev.langchain4j:langchain4j-embeddings-*:0.36.2} jars (Xenova's exports of the HuggingFace
 * models, Apache-2.0). All three use the bert-base-uncased WordPiece vocabulary, the same as the
 * distilled encoder.
 */
public enum TeacherModel {
    /** BAAI bge-small-en-v1.5, int8 quantised (33M parameters, 384-d, [CLS] pooling). */
    BGE_SMALL_EN_V15_Q("bge-small", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", TeacherPooling.CLS, true),
    /** sentence-transformers all-MiniLM-L6-v2, float32 (22M parameters, 384-d, mean pooling). */
    ALL_MINILM_L6_V2("minilm", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", TeacherPooling.MEAN, false),
    /** all-MiniLM-L6-v2, int8 quantised. */
    ALL_MINILM_L6_V2_Q("minilm-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", TeacherPooling.MEAN, true);

    private final String optionName;
    private final String modelResource;
    private final String tokenizerResource;
    private final TeacherPooling pooling;
    private final boolean quantized;

    TeacherModel(String optionName, String modelResource, String tokenizerResource, TeacherPooling pooling,
                 boolean quantized) {
        this.optionName = optionName;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.quantized = quantized;
    }

    /**
     * @param name an option name: {@code bge-small}, {@code minilm} or {@code minilm-q}
     * @return the teacher
     * @throws IllegalArgumentException {@code [teacher] must be one of [bge-small, minilm, minilm-q] but was [x]}
     */
    public static TeacherModel fromName(String name) {
        for (TeacherModel model : values()) {
            if (model.optionName.equals(name)) {
                return model;
            }
        }
        throw new IllegalArgumentException("[teacher] must be one of ["
            + Arrays.stream(values()).map(TeacherModel::optionName).collect(Collectors.joining(", "))
            + "] but was [" + name + "]");
    }

    /** @return the name used on the command line and in reports */
    public String optionName() {
        return optionName;
    }

    /** @return the classpath resource of the ONNX model */
    public String modelResource() {
        return modelResource;
    }

    /** @return the classpath resource of the HuggingFace tokenizer.json */
    public String tokenizerResource() {
        return tokenizerResource;
    }

    /** @return how token states become a sentence vector */
    public TeacherPooling pooling() {
        return pooling;
    }

    /**
     * @return true for the int8 models, whose dynamic quantisation scales activations per tensor: a
     *     text's embedding then depends on the other texts (and padding) of its batch, so such a teacher
     *     embeds one text per call to stay deterministic (see {@link TeacherEncoder})
     */
    public boolean quantized() {
        return quantized;
    }
}
