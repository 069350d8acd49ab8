package org.prectr.eval.run;

import org.prectr.eval.sim.SimulatedData;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one run: settings, simulation, per-model results, models that failed to train or
 * load (name to message), checks (sanity and goals), CTR curves, time.
 */
public record EvalResults(EvalSettings settings, SimulatedData simulation, Map<String, ModelResult> models,
                          Map<String, String> failures, List<Check> checks, double[] trainCtr, double[] testCtr, double seconds) {}
