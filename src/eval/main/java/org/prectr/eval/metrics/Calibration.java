package org.prectr.eval.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Reliability of predicted click probabilities: impressions binned by prediction into equal-width
 * bins over [0, 1]; per bin the mean prediction and the observed click rate. Also the expected
 * calibration error (bin-size-weighted mean |observed - predicted|).
 */
public final class Calibration {
    /** One bin: how many impressions, their mean prediction and their click rate. */
    public record Bin(double lower, double upper, long count, double meanPredicted, double observedRate) {}

    private final int bins;
    private final double[] sumPredicted;
    private final double[] clicks;
    private final long[] counts;

    public Calibration(int bins) {
        if (bins < 1) throw new IllegalArgumentException("[bins] must be at least [1] but was [" + bins + "]");
        this.bins = bins;
        this.sumPredicted = new double[bins];
        this.clicks = new double[bins];
        this.counts = new long[bins];
    }

    public void add(double predicted, boolean clicked) {
        if (!(predicted >= 0 && predicted <= 1)) {
            throw new IllegalArgumentException("[predicted] must be in [0, 1] but was [" + predicted + "]");
        }
        int b = Math.min(bins - 1, (int) (predicted * bins));
        sumPredicted[b] += predicted;
        counts[b]++;
        if (clicked) clicks[b]++;
    }

    /** The non-empty bins, lowest first. */
    public List<Bin> bins() {
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (counts[b] == 0) continue;
            out.add(new Bin((double) b / bins, (double) (b + 1) / bins, counts[b], sumPredicted[b] / counts[b],
                    clicks[b] / counts[b]));
        }
        return out;
    }

    /** Expected calibration error, or NaN without impressions. */
    public double expectedError() {
        long total = 0;
        double err = 0;
        for (Bin b : bins()) {
            total += b.count();
            err += b.count() * Math.abs(b.observedRate() - b.meanPredicted());
        }
        return total == 0 ? Double.NaN : err / total;
    }
}
