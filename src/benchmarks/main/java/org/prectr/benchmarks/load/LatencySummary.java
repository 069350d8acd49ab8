package org.prectr.benchmarks.load;

import java.util.Arrays;

/**
 * The numbers one load run reports: request count, errors, exact nearest-rank percentiles of the
 * measured latencies (all kept: runs are bounded in count) and throughput over the measured phase.
 *
 * @param requests measured requests that succeeded
 * @param errors measured requests that failed (non-200 or no hits object)
 * @param p50Ms median latency, milliseconds
 * @param p99Ms 99th percentile latency, milliseconds
 * @param meanMs mean latency, milliseconds
 * @param qps successful requests per second of wall time of the measured phase
 */
public record LatencySummary(int requests, int errors, double p50Ms, double p99Ms, double meanMs, double qps) {

    /**
     * @param latenciesNanos the successful requests' latencies (not changed)
     * @param errors the number of failed requests
     * @param wallNanos the wall time of the measured phase
     * @return the summary; percentiles are NaN when no request succeeded
     */
    public static LatencySummary of(long[] latenciesNanos, int errors, long wallNanos) {
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long l : sorted) {
            sum += l;
        }
        int n = sorted.length;
        return new LatencySummary(n, errors, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6,
            n == 0 ? Double.NaN : sum / n / 1e6, wallNanos <= 0 ? Double.NaN : n / (wallNanos / 1e9));
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
