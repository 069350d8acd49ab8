package org.prectr.trainer.teacher;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * The word-embedding table of a float32 teacher (the initializer of shape [vocabulary, hidden]), and a
 * seeded random projection of it to a narrower width: the distilled encoder's factorised token table
 * can start from it, so that tokens that never occur in the small training split still start with the
 * teacher's notion of similarity (a Johnson-Lindenstrauss projection keeps inner products on average).
 *
 * @param vocabulary rows
 * @param hidden columns
 * @param values row-major [vocabulary, hidden]
 */
public record TeacherTokenEmbeddings(int vocabulary, int hidden, float[] values) {

    /**
     * @param model a float32 teacher ({@link TeacherModel#ALL_MINILM_L6_V2}); int8 teachers keep their
     *     table quantised and are refused
     * @param vocabularySize the vocabulary size to look for (the table's first axis)
     * @return the table
     * @throws IOException if the model cannot be read or has no float [vocabularySize, hidden] initializer
     */
    public static TeacherTokenEmbeddings read(TeacherModel model, int vocabularySize) throws IOException {
        ModelProto proto;
        try (InputStream in = TeacherTokenEmbeddings.class.getClassLoader().getResourceAsStream(model.modelResource())) {
            if (in == null) {
                throw new IOException("teacher resource [" + model.modelResource() + "] is not on the classpath");
            }
            proto = ModelProto.parseFrom(in);
        }
        for (TensorProto tensor : proto.getGraph().getInitializerList()) {
            if (tensor.getDimsCount() == 2 && tensor.getDims(0) == vocabularySize
                && tensor.getDataType() == TensorProto.DataType.FLOAT.getNumber()) {
                int hidden = (int) tensor.getDims(1);
                float[] values = new float[vocabularySize * hidden];
                if (!tensor.getRawData().isEmpty()) {
                    ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    raw.asFloatBuffer().get(values);
                } else {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = tensor.getFloatData(i);
                    }
                }
                return new TeacherTokenEmbeddings(vocabularySize, hidden, values);
            }
        }
        throw new IOException("teacher [" + model.optionName() + "] has no float32 initializer of shape ["
            + vocabularySize + ", hidden]");
    }

    /**
     * Projects every row to {@code width} columns with a seeded Gaussian matrix, centred on the mean row
     * and scaled so the result has standard deviation {@code targetStd} (the scale the student's own
     * initialisation would have).
     *
     * @param width the output width
     * @param targetStd the standard deviation of the result
     * @param seed the projection's seed
     * @return row-major [vocabulary, width]
     */
    public float[] project(int width, double targetStd, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] projection = new double[hidden * width];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = random.nextGaussian();
        }
        double[] mean = new double[hidden];
        for (int r = 0; r < vocabulary; r++) {
            for (int h = 0; h < hidden; h++) {
                mean[h] += values[r * hidden + h];
            }
        }
        for (int h = 0; h < hidden; h++) {
            mean[h] /= vocabulary;
        }
        double[] out = new double[vocabulary * width];
        double squares = 0;
        for (int r = 0; r < vocabulary; r++) {
            for (int h = 0; h < hidden; h++) {
                double x = values[r * hidden + h] - mean[h];
                int base = h * width;
                for (int w = 0; w < width; w++) {
                    out[r * width + w] += x * projection[base + w];
                }
            }
        }
        for (double v : out) {
            squares += v * v;
        }
        double scale = targetStd / Math.sqrt(squares / out.length);
        float[] result = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            result[i] = (float) (out[i] * scale);
        }
        return result;
    }
}
