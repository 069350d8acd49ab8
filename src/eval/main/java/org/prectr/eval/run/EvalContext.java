package org.prectr.eval.run;

import org.prectr.core.data.EsciGrade;
import org.prectr.core.data.Judgments;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.eval.rank.UserHistories;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.eval.sim.SimSession;
import org.prectr.eval.sim.SimulatedData;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything one evaluation run shares: the real data (catalogue, both judgments files, the BM25
 * index), the simulation (users, training and test sessions, and where its logs were written),
 * the users' histories, extra bundles named on the command line and the output folder.
 */
public record EvalContext(ProductCatalog catalog, Judgments trainJudgments, Judgments testJudgments, Bm25Index index,
                          SimulatedData simulation, Path simulationDir, UserHistories histories,
                          Map<String, Path> extraBundles, Path outDir, Path productsFile, Path trainJudgmentsFile) {

    /** Click-through rate of shown products of each grade in the training period, over all users. */
    public double[] populationClickRate() {
        double[] clicks = new double[EsciGrade.COUNT];
        double[] shown = new double[EsciGrade.COUNT];
        for (SimSession s : simulation.train()) {
            for (int p = 0; p < s.shown(); p++) {
                int g = s.grades()[p];
                if (g < 0) continue;
                shown[g]++;
                if (s.clicks()[p]) clicks[g]++;
            }
        }
        for (int g = 0; g < clicks.length; g++) clicks[g] = shown[g] == 0 ? 0 : clicks[g] / shown[g];
        return clicks;
    }
}
