package org.prectr.eval.run;

import org.prectr.eval.metrics.Calibration;

import java.util.Map;

/**
 * One model's evaluation: metrics overall and per activity bucket, the calibration of its click
 * probability (null when it has none), and how long scoring took.
 */
public record ModelResult(String name, Map<String, Double> overall, Map<String, Map<String, Double>> buckets,
                          Calibration calibration, double seconds) {}
