package org.prectr.core.features;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.prectr.core.fusion.StableMath;

/**
 * A feature's {@code transform} (docs/bundle.md), applied after the missing value and before the
 * standardisation. The JSON name is the lower-case constant name.
 */
public enum FeatureTransform {
    /** The value as it is (the default). */
    IDENTITY {
        @Override
        public double apply(double x) {
            return x;
        }
    },
    /** log(1 + x), negatives clamped to 0 first. */
    LOG1P {
        @Override
        public double apply(double x) {
            return StableMath.log1pNonNegative(x);
        }
    };

    /**
     * @param x the value (never NaN here: missing values are replaced first)
     * @return the transformed value
     */
    public abstract double apply(double x);

    /** @return the name used in manifest.json */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a manifest {@code transform}, null for the default
     * @return the transform
     * @throws IllegalArgumentException for an unknown name
     */
    public static FeatureTransform of(String name) {
        if (name == null) {
            return IDENTITY;
        }
        for (FeatureTransform t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transform [" + name + "]");
    }

    /** @return every JSON name, in declaration order */
    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(FeatureTransform::jsonName).toList();
    }
}
