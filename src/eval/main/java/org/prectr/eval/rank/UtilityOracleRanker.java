package org.prectr.eval.rank;

/**
 * Upper reference: ranks by the hidden simulated utility of each candidate to this user (personalised
 * NDCG 1 by construction; its other metrics show what a perfect personal ranking costs or gains).
 */
public final class UtilityOracleRanker implements Ranker {
    @Override
    public String name() {
        return "oracle_utility";
    }

    @Override
    public boolean personalised() {
        return true;
    }

    @Override
    public RankerOutput score(RankRequest request) {
        return RankerOutput.of(request.session().utility().clone());
    }
}
