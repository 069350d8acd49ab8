package org.prectr.eval.rank;

/** The first-phase order: BM25 score (what users are shown in the logs). */
public final class Bm25Ranker implements Ranker {
    @Override
    public String name() {
        return "bm25";
    }

    @Override
    public RankerOutput score(RankRequest request) {
        double[] s = new double[request.size()];
        for (int i = 0; i < s.length; i++) s[i] = request.firstPassScores()[i];
        return RankerOutput.of(s);
    }
}
