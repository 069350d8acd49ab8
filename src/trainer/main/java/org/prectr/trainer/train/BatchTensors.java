package org.prectr.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.prectr.trainer.data.ExampleTable;

/**
 * Copies the rows of one batch out of an {@link ExampleTable} into tensors: frozen query and item
 * embeddings, features, clicks and one-hot grades (all zeros for an ungraded row).
 */
final class BatchTensors {

    private BatchTensors() {}

    static NDArray queries(NDManager m, ExampleTable t, int[] rows) {
        return gatherRows(m, t.queryEmbeddings(), t.queryRow(), rows, t.dim());
    }

    static NDArray items(NDManager m, ExampleTable t, int[] rows) {
        return gatherRows(m, t.itemEmbeddings(), t.itemRow(), rows, t.dim());
    }

    static NDArray features(NDManager m, ExampleTable t, int[] rows) {
        int f = t.featureCount();
        float[] out = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(t.features(), rows[i] * f, out, i * f, f);
        }
        return m.create(out, new Shape(rows.length, f));
    }

    static NDArray clicks(NDManager m, ExampleTable t, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = Math.max(0f, t.clicks()[rows[i]]);
        }
        return m.create(out, new Shape(rows.length, 1));
    }

    /** One-hot display positions [B, slots]; positions at or past the last slot share it, -1 (not logged) too. */
    static NDArray oneHotPositions(NDManager m, ExampleTable t, int[] rows, int slots) {
        float[] out = new float[rows.length * slots];
        for (int i = 0; i < rows.length; i++) {
            int p = t.positions()[rows[i]];
            out[i * slots + (p < 0 ? slots - 1 : Math.min(p, slots - 1))] = 1f;
        }
        return m.create(out, new Shape(rows.length, slots));
    }

    static NDArray oneHotGrades(NDManager m, ExampleTable t, int[] rows, int k) {
        float[] out = new float[rows.length * k];
        for (int i = 0; i < rows.length; i++) {
            int g = t.grades()[rows[i]];
            if (g >= 0 && g < k) {
                out[i * k + g] = 1f;
            }
        }
        return m.create(out, new Shape(rows.length, k));
    }

    static NDArray rowsOf(NDManager m, float[] table, int[] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(table, rows[i] * width, out, i * width, width);
        }
        return m.create(out, new Shape(rows.length, width));
    }

    private static NDArray gatherRows(NDManager m, float[] table, int[] index, int[] rows, int d) {
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(table, index[rows[i]] * d, out, i * d, d);
        }
        return m.create(out, new Shape(rows.length, d));
    }
}
