package org.prectr.eval.metrics;

import java.util.List;

/** The metric keys of results.json, in report order. */
public final class MetricNames {
    public static final String NDCG10_ESCI = "ndcg10_esci";
    public static final String NDCG10_EXP = "ndcg10_exp";
    public static final String NDCG10_ESCI_JUDGED = "ndcg10_esci_judged";
    public static final String IRRELEVANT10 = "irrelevant10";
    public static final String UNJUDGED10 = "unjudged10";
    public static final String AUC = "auc";
    public static final String GAUC = "gauc";
    public static final String NDCG10_PERSONAL = "ndcg10_personal";
    public static final String RELEVANCE_NDCG10_ESCI = "relevance_ndcg10_esci";
    public static final String SESSIONS = "sessions";

    /** Every metric, in report order. */
    public static final List<String> ALL = List.of(NDCG10_ESCI, NDCG10_EXP, NDCG10_ESCI_JUDGED, IRRELEVANT10, UNJUDGED10, AUC, GAUC,
            NDCG10_PERSONAL, RELEVANCE_NDCG10_ESCI, SESSIONS);

    /** Activity buckets, besides the overall numbers. */
    public static final List<String> BUCKETS = List.of("cold_start", "active");

    private MetricNames() {}
}
