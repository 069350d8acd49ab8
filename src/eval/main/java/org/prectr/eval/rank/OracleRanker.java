package org.prectr.eval.rank;

/**
 * Sanity reference: ranks by the true ESCI grade (ungraded as irrelevant), BM25 order among equals.
 * It reads the hidden grades, so it is an upper reference for the non-personal metrics, not a model.
 */
public final class OracleRanker implements Ranker {
    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public RankerOutput score(RankRequest request) {
        int[] grades = request.session().grades();
        double[] s = new double[grades.length];
        for (int i = 0; i < s.length; i++) s[i] = Math.max(0, grades[i]);
        return new RankerOutput(s, s, null);
    }
}
