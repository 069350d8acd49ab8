package org.prectr.eval.run;

import org.prectr.eval.sim.SimulationConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One evaluation run's inputs.
 *
 * @param trainJudgments  judgments of the training queries (models train on these and the logs over them)
 * @param testJudgments   judgments of the test queries (metrics are computed on these only)
 * @param products        products bulk file
 * @param bm25Fields      first-phase fields
 * @param simulation      simulator config (seed, click model, sizes)
 * @param models          model names, in report order
 * @param extraBundles    bundles to score through the served path, by name
 * @param writeLogs       whether to write the simulated logs under OUT/sim (the trainer reads them there)
 * @param out             output folder
 * @param training        how learned models are trained
 * @param command         the command line, recorded in the reports
 */
public record EvalSettings(Path trainJudgments, Path testJudgments, Path products, List<String> bm25Fields,
                           SimulationConfig simulation, List<String> models, Map<String, Path> extraBundles,
                           boolean writeLogs, Path out, TrainingOptions training, String command) {}
