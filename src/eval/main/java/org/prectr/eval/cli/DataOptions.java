package org.prectr.eval.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Where the real data come from: judgments of the two splits, products, and the BM25 fields. */
public final class DataOptions {
    @Option(names = "--train-judgments", description = "judgments of the training queries (default ${DEFAULT-VALUE})")
    Path trainJudgments = Path.of("eval/splits/train.json");
    @Option(names = "--test-judgments", description = "judgments of the test queries (default ${DEFAULT-VALUE})")
    Path testJudgments = Path.of("eval/splits/validation.json");
    @Option(names = "--products", description = "products bulk file, .ndjson or .zip (default ${DEFAULT-VALUE})")
    // relative to the repository root, where eval/run.sh runs; ../shared is beside the checkout
    Path products = Path.of("../shared/data/esci150/esci_us_ecommerce_shrunk.ndjson.zip");
    @Option(names = "--bm25-fields", split = ",", description = "fields of the BM25 first phase (default ${DEFAULT-VALUE})")
    List<String> bm25Fields = List.of("title");
}
