package org.prectr.trainer.encoder;

import org.prectr.core.data.EsciGrade;
import org.prectr.core.metrics.Ndcg;
import org.prectr.trainer.encoder.Stage0Data.QueryGroup;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Stage 0's selection metric: NDCG@10 with the ESCI paper's gains ({@link EsciGrade}) of the judged
 * products of a query ranked by the encoder's query-title cosine, computed by the core's {@link Ndcg}.
 * Ties keep the judgment order, so the metric is deterministic.
 */
public final class EsciNdcg {

    private EsciNdcg() {}

    /**
     * @param scores one score per judged product
     * @param grades the products' grades, same order
     * @param k the cut-off, at least 1
     * @return NDCG@k in [0, 1] (the core's {@link Ndcg}); 0 when no product has a positive gain
     */
    public static double ndcg(float[] scores, int[] grades, int k) {
        if (scores.length != grades.length) {
            throw new IllegalArgumentException("[scores] and [grades] must have the same length but had ["
                + scores.length + "] and [" + grades.length + "]");
        }
        double[] gains = Arrays.stream(grades).mapToDouble(EsciGrade::gain).toArray();
        double value = Ndcg.ofScores(k, gains, scores);
        return Double.isNaN(value) ? 0 : value;
    }

    /**
     * The mean NDCG@10 of ranking each query's judged titles by cosine similarity to the query.
     *
     * @param groups the queries with their judged titles and grades
     * @param embed embeds a list of texts; the flag is true for queries, false for titles
     * @return the mean over queries
     */
    public static double meanNdcg(List<QueryGroup> groups, BiFunction<List<String>, Boolean, float[][]> embed) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("[groups] must not be empty");
        }
        List<String> queries = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (QueryGroup group : groups) {
            queries.add(group.query());
            titles.addAll(group.titles());
        }
        float[][] queryVectors = embed.apply(queries, true);
        float[][] titleVectors = embed.apply(titles, false);
        double sum = 0;
        int offset = 0;
        for (int q = 0; q < groups.size(); q++) {
            QueryGroup group = groups.get(q);
            float[] scores = new float[group.titles().size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) cosine(queryVectors[q], titleVectors[offset + i]);
            }
            offset += scores.length;
            sum += ndcg(scores, group.grades(), 10);
        }
        return sum / groups.size();
    }

    /** @return the cosine of two vectors (0 when either is zero) */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
