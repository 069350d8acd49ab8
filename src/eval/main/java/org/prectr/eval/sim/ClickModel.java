package org.prectr.eval.sim;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How a simulated user turns the attractiveness of the shown list into clicks.
 *
 * <ul>
 *   <li>{@code PBM} (position-based model): position p (0-based) is examined with probability
 *       {@code 1 / (p + 1)^eta}, independently; an examined item is clicked with its attractiveness.</li>
 *   <li>{@code CASCADE}: the user scans from the top; an item is clicked with its attractiveness; after
 *       a click the user stops with probability {@code stopAfterClick}, after a skip goes on with
 *       probability {@code patience}.</li>
 * </ul>
 */
public enum ClickModel {
    PBM {
        @Override
        public boolean[] clicks(double[] attractiveness, SimulationConfig config, RandomGenerator rng) {
            boolean[] clicked = new boolean[attractiveness.length];
            for (int p = 0; p < attractiveness.length; p++) {
                double exam = examination(p, config.positionBias());
                // draw both numbers always, so the stream does not depend on earlier outcomes
                double e = rng.nextDouble();
                double a = rng.nextDouble();
                clicked[p] = e < exam && a < attractiveness[p];
            }
            return clicked;
        }
    },
    CASCADE {
        @Override
        public boolean[] clicks(double[] attractiveness, SimulationConfig config, RandomGenerator rng) {
            boolean[] clicked = new boolean[attractiveness.length];
            for (int p = 0; p < attractiveness.length; p++) {
                if (rng.nextDouble() < attractiveness[p]) {
                    clicked[p] = true;
                    if (rng.nextDouble() < config.stopAfterClick()) break;
                } else if (rng.nextDouble() >= config.patience()) {
                    break;
                }
            }
            return clicked;
        }
    };

    /** Clicks over the shown list, one per position. */
    public abstract boolean[] clicks(double[] attractiveness, SimulationConfig config, RandomGenerator rng);

    /** PBM examination probability of 0-based position p. */
    public static double examination(int position, double eta) {
        return Math.pow(position + 1.0, -eta);
    }

    /** Parses {@code pbm} or {@code cascade}. */
    public static ClickModel fromString(String name) {
        for (ClickModel m : values()) {
            if (m.name().equalsIgnoreCase(name)) return m;
        }
        throw new IllegalArgumentException("[click_model] must be one of [pbm, cascade] but was [" + name + "]");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
