package org.prectr.trainer.teacher;

/**
 * How a teacher turns its last hidden states [L, H] into one sentence vector, before L2 normalisation.
 * Each teacher uses the pooling it was trained with (and that langchain4j 0.36.2 uses for its jar):
 * bge-small-en-v1.5 the [CLS] state, all-MiniLM-L6-v2 the mean over real tokens ([CLS] and [SEP]
 * included, padding excluded).
 */
public enum TeacherPooling {
    /** The hidden state of the first token ([CLS]). */
    CLS {
        @Override
        void pool(float[] hidden, int row, int length, int width, long[] mask, float[] out) {
            System.arraycopy(hidden, row * length * width, out, 0, width);
        }
    },
    /** The mean of the hidden states whose attention mask is 1. */
    MEAN {
        @Override
        void pool(float[] hidden, int row, int length, int width, long[] mask, float[] out) {
            java.util.Arrays.fill(out, 0f);
            int tokens = 0;
            for (int t = 0; t < length; t++) {
                if (mask[row * length + t] == 0) {
                    continue;
                }
                tokens++;
                int base = (row * length + t) * width;
                for (int h = 0; h < width; h++) {
                    out[h] += hidden[base + h];
                }
            }
            // an empty row cannot occur ([CLS] and [SEP] are always there), the guard keeps it finite
            float scale = 1f / Math.max(tokens, 1);
            for (int h = 0; h < width; h++) {
                out[h] *= scale;
            }
        }
    };

    /**
     * Pools one row of a batch.
     *
     * @param hidden row-major [B, L, H] hidden states
     * @param row the row
     * @param length L
     * @param width H
     * @param mask row-major [B, L] attention mask
     * @param out receives the H pooled values
     */
    abstract void pool(float[] hidden, int row, int length, int width, long[] mask, float[] out);
}
