package org.prectr.trainer.encoder;

import org.prectr.trainer.encoder.Stage0Data.QueryGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * NDCG@k with the ESCI paper's gains (Exact 1, Substitute 0.1, Complement 0.01, Irrelevant 0), the
 * selection metric of stage 0: the judged products of a query ranked by a score (the encoder's
 * query-title cosine), discount 1 / log2(rank + 1). Ties keep the judgment order, so the metric is
 * deterministic.
 */
public final class EsciNdcg {

    /** Gain by grade 0..3 (Irrelevant, Complement, Substitute, Exact). */
    private static final double[] GAINS = {0.0, 0.01, 0.1, 1.0};

    private EsciNdcg() {}

    /**
     * @param grade an ordinal grade in [0, 3]
     * @return its ESCI gain
     */
    public static double gain(int grade) {
        if (grade < 0 || grade >= GAINS.length) {
            throw new IllegalArgumentException("[grade] must be in [0, 3] but was [" + grade + "]");
        }
        return GAINS[grade];
    }

    /**
     * @param scores one score per judged product
     * @param grades the products' grades, same order
     * @param k the cut-off, at least 1
     * @return NDCG@k in [0, 1]; 0 when no product has a positive gain
     */
    public static double ndcg(float[] scores, int[] grades, int k) {
        if (scores.length != grades.length) {
            throw new IllegalArgumentException("[scores] and [grades] must have the same length but had ["
                + scores.length + "] and [" + grades.length + "]");
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        double dcg = 0;
        for (int r = 0; r < Math.min(k, order.length); r++) {
            dcg += gain(grades[order[r]]) / log2(r + 2);
        }
        double[] ideal = Arrays.stream(grades).mapToDouble(EsciNdcg::gain).sorted().toArray();
        double idcg = 0;
        for (int r = 0; r < Math.min(k, ideal.length); r++) {
            idcg += ideal[ideal.length - 1 - r] / log2(r + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
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
