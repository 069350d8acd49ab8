package org.prectr.eval.cli;

import org.prectr.core.data.Judgments;
import org.prectr.eval.search.CatalogIndex;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.eval.sim.SimulatedData;
import org.prectr.eval.sim.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code simulate}: writes simulated UBI logs (train and test periods) over the real queries,
 * products and grades, plus the ground-truth side files. See docs/evaluation.md.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate users and clicks over real ESCI queries/products/grades; write UBI logs + ground truth.")
public final class SimulateCommand implements Callable<Integer> {
    @Mixin DataOptions data;
    @Mixin SimulationOptions sim;
    @Option(names = "--out", required = true, description = "output folder")
    Path out;
    @Option(names = "--no-test", description = "simulate the training period only")
    boolean noTest;

    @Override
    public Integer call() throws Exception {
        SimulationConfig config = sim.toConfig();
        ProductCatalog catalog = ProductCatalog.load(data.products);
        Judgments train = Judgments.read(data.trainJudgments);
        Judgments test = noTest ? null : Judgments.read(data.testJudgments);
        try (Bm25Index index = CatalogIndex.build(catalog.products(), data.bm25Fields)) {
            SimulatedData simulated = SimulatedData.simulate(config, catalog, index, train, test);
            simulated.write(out);
            System.out.println(simulated.summary());
        }
        return 0;
    }
}
