package org.prectr.trainer.data;

import java.util.List;

/**
 * Training or validation examples in column form, as the towers consume them: one row per (search,
 * item), its feature row (assembled by the core), indices into tables of distinct query and item
 * texts with their frozen embeddings, the grade when judged and the click when logged. Rows of one
 * search (one candidate window) are contiguous and share a {@code group}.
 *
 * <p>Arrays are taken as they are and must not be changed afterwards.
 *
 * @param rows number of rows
 * @param featureCount F
 * @param dim D
 * @param features row-major rows x F
 * @param queryRow row index into {@code queryTexts}/{@code queryEmbeddings}
 * @param itemRow row index into {@code itemTexts}/{@code itemEmbeddings}
 * @param queryTexts distinct query texts
 * @param itemIds distinct item ids, parallel to {@code itemTexts}
 * @param itemTexts distinct item texts
 * @param queryEmbeddings row-major queryTexts.size() x D
 * @param itemEmbeddings row-major itemTexts.size() x D
 * @param grades per row, the grade in [0, k) or -1 when not judged
 * @param clicks per row, 1 clicked, 0 shown and not clicked, -1 not logged (judged-only rows)
 * @param group per row, the window (search) index
 * @param positions per row, the 0-based display position of a logged impression, -1 for judged-only rows
 */
public record ExampleTable(int rows, int featureCount, int dim, float[] features, int[] queryRow, int[] itemRow,
                           List<String> queryTexts, List<String> itemIds, List<String> itemTexts,
                           float[] queryEmbeddings, float[] itemEmbeddings, int[] grades, float[] clicks, int[] group,
                           int[] positions) {

    public ExampleTable {
        queryTexts = List.copyOf(queryTexts);
        itemIds = List.copyOf(itemIds);
        itemTexts = List.copyOf(itemTexts);
        if (features.length != rows * featureCount || queryRow.length != rows || itemRow.length != rows
            || grades.length != rows || clicks.length != rows || group.length != rows || positions.length != rows) {
            throw new IllegalArgumentException("[examples] columns must all have [" + rows + "] rows");
        }
        if (queryEmbeddings.length != queryTexts.size() * dim || itemEmbeddings.length != itemTexts.size() * dim) {
            throw new IllegalArgumentException("[examples] embeddings must have [" + dim + "] values per text");
        }
    }

    /** @return the number of rows with a grade */
    public int judgedRows() {
        int n = 0;
        for (int g : grades) {
            if (g >= 0) {
                n++;
            }
        }
        return n;
    }

    /** @return the number of rows with a logged click or non-click */
    public int loggedRows() {
        int n = 0;
        for (float c : clicks) {
            if (c >= 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * @param keep per row, whether it stays
     * @return the kept rows (the text tables are shared, not filtered)
     */
    public ExampleTable subset(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            if (k) {
                n++;
            }
        }
        float[] f = new float[n * featureCount];
        int[] q = new int[n];
        int[] i = new int[n];
        int[] g = new int[n];
        float[] c = new float[n];
        int[] w = new int[n];
        int[] p = new int[n];
        int at = 0;
        for (int r = 0; r < rows; r++) {
            if (keep[r]) {
                System.arraycopy(features, r * featureCount, f, at * featureCount, featureCount);
                q[at] = queryRow[r];
                i[at] = itemRow[r];
                g[at] = grades[r];
                c[at] = clicks[r];
                w[at] = group[r];
                p[at] = positions[r];
                at++;
            }
        }
        return new ExampleTable(n, featureCount, dim, f, q, i, queryTexts, itemIds, itemTexts, queryEmbeddings,
            itemEmbeddings, g, c, w, p);
    }

    /**
     * @param queries new query embeddings (e.g. after fine-tuning the encoder)
     * @param items new item embeddings
     * @return the same rows over the new embeddings
     */
    public ExampleTable withEmbeddings(float[] queries, float[] items) {
        return new ExampleTable(rows, featureCount, dim, features, queryRow, itemRow, queryTexts, itemIds, itemTexts,
            queries, items, grades, clicks, group, positions);
    }
}
