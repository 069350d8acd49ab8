package org.prectr.eval.metrics;

import org.junit.Test;
import org.prectr.eval.rank.RankerOutput;
import org.prectr.trainer.search.SearchHit;
import org.prectr.eval.sim.SimSession;
import org.prectr.eval.sim.SimUser;
import org.prectr.eval.sim.Tolerance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class ModelMetricsTests {
    private static SimSession session(int user, int pastSessions, int[] grades, double[] utility, boolean[] clicks) {
        SimUser u = new SimUser(user, "u" + user, 0, Tolerance.LENIENT, Map.of("A", 1.0), Set.of(), pastSessions);
        List<SearchHit> window = new java.util.ArrayList<>();
        for (int i = 0; i < grades.length; i++) window.add(new SearchHit("p" + i, grades.length - i));
        return new SimSession("q", "s", "test", u, "query", Instant.EPOCH, window, grades, utility, clicks);
    }

    @Test
    public void computesEveryMetricOfOneSessionByHand() {
        // window: ungraded, exact, irrelevant; the user values the exact item only; the first two were shown
        SimSession s = session(1, 5, new int[] {-1, 3, 0}, new double[] {0, 0.8, 0}, new boolean[] {false, true});
        ModelMetrics m = new ModelMetrics();
        // the model puts the exact item first, then the ungraded one
        m.add(s, new RankerOutput(new double[] {0.5, 0.9, 0.1}, new double[] {1, 0, 2}, new double[] {0.2, 0.6}));
        Map<String, Double> all = m.overall();
        assertEquals(1.0, all.get(MetricNames.NDCG10_ESCI), 1e-12);
        assertEquals(1.0, all.get(MetricNames.NDCG10_EXP), 1e-12);
        assertEquals(1.0, all.get(MetricNames.NDCG10_ESCI_JUDGED), 1e-12);
        assertEquals(1.0 / 3, all.get(MetricNames.IRRELEVANT10), 1e-12);
        assertEquals(1.0 / 3, all.get(MetricNames.UNJUDGED10), 1e-12);
        assertEquals(1.0, all.get(MetricNames.NDCG10_PERSONAL), 1e-12);
        // by the relevance head the irrelevant item leads, the exact one is last: 1 / log2(4) = 0.5
        assertEquals(0.5, all.get(MetricNames.RELEVANCE_NDCG10_ESCI), 1e-12);
        // shown impressions: scores 0.5 (skip) and 0.9 (click): AUC 1
        assertEquals(1.0, all.get(MetricNames.AUC), 1e-12);
        assertEquals(1.0, all.get(MetricNames.GAUC), 1e-12);
        assertEquals(1.0, all.get(MetricNames.SESSIONS), 0);
        assertEquals(1, m.calibration().bins().stream().filter(b -> b.observedRate() == 1.0).count());
    }

    @Test
    public void splitsSessionsByActivityBucket() {
        ModelMetrics m = new ModelMetrics();
        m.add(session(1, 0, new int[] {3, 2}, new double[] {0.9, 0.1}, new boolean[] {true, false}),
                RankerOutput.of(new double[] {1, 0}));
        m.add(session(2, 7, new int[] {3, 2}, new double[] {0.1, 0.9}, new boolean[] {false, true}),
                RankerOutput.of(new double[] {1, 0}));
        assertEquals(1.0, m.bucket("cold_start").get(MetricNames.NDCG10_PERSONAL), 1e-12);
        // the active user prefers the second item: ranked second, (0.1 + 0.9/log2 3) / (0.9 + 0.1/log2 3)
        double expected = (0.1 + 0.9 / (Math.log(3) / Math.log(2))) / (0.9 + 0.1 / (Math.log(3) / Math.log(2)));
        assertEquals(expected, m.bucket("active").get(MetricNames.NDCG10_PERSONAL), 1e-12);
        assertEquals((1.0 + expected) / 2, m.overall().get(MetricNames.NDCG10_PERSONAL), 1e-12);
        assertEquals(1.0, m.bucket("active").get(MetricNames.SESSIONS), 0);
        assertNull(m.calibration());
        assertFalse(m.overall().containsKey(MetricNames.RELEVANCE_NDCG10_ESCI));
        assertTrue(m.bucket("nobody").isEmpty() || !m.bucket("nobody").containsKey(MetricNames.NDCG10_ESCI));
    }
}
