package org.prectr.eval.sim;

import java.util.List;

/** Click-through rate by shown position (0-based) over a set of sessions: the position-bias curve. */
public final class PositionCtr {
    private PositionCtr() {}

    /** CTR at each position up to the longest page; positions nobody saw are NaN. */
    public static double[] of(List<SimSession> sessions) {
        int max = 0;
        for (SimSession s : sessions) max = Math.max(max, s.shown());
        double[] clicks = new double[max];
        double[] shows = new double[max];
        for (SimSession s : sessions) {
            for (int p = 0; p < s.shown(); p++) {
                shows[p]++;
                if (s.clicks()[p]) clicks[p]++;
            }
        }
        double[] ctr = new double[max];
        for (int p = 0; p < max; p++) ctr[p] = shows[p] == 0 ? Double.NaN : clicks[p] / shows[p];
        return ctr;
    }
}
