package org.prectr.trainer.train;

import org.prectr.core.bundle.FeatureSpec;
import org.prectr.core.features.FeatureSchema;
import org.prectr.trainer.data.DefaultFeatures;
import org.prectr.trainer.data.ExampleTable;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits the manifest's standardisation stats (mean, std) on training rows assembled without them.
 * The core {@code FeatureAssembler} then applies (x - mean) / std at training and at serving time
 * alike. A feature that is constant on the training rows (std below {@link #MIN_STD}) keeps no stats.
 */
final class FeatureStandardiser {

    /** Below this std a feature is treated as constant and left unscaled. */
    static final double MIN_STD = 1e-6;

    private FeatureStandardiser() {}

    static FeatureSchema fit(FeatureSchema raw, ExampleTable table, List<String> itemTextFields) {
        int f = raw.size();
        List<FeatureSpec> out = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            FeatureSpec spec = raw.specs().get(j);
            if (!DefaultFeatures.standardised(spec) || table.rows() == 0) {
                out.add(spec);
                continue;
            }
            double sum = 0;
            double sumSquares = 0;
            for (int r = 0; r < table.rows(); r++) {
                double x = table.features()[r * f + j];
                sum += x;
                sumSquares += x * x;
            }
            double mean = sum / table.rows();
            double std = Math.sqrt(Math.max(0, sumSquares / table.rows() - mean * mean));
            out.add(std < MIN_STD ? spec : DefaultFeatures.withStats(spec, round(mean), round(std)));
        }
        return FeatureSchema.of(out, raw.grades(), itemTextFields);
    }

    /** Six significant digits keep the manifest readable; the same rounded values serve and train. */
    private static double round(double x) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", x));
    }
}
