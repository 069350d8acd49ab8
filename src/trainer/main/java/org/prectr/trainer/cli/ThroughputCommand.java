package org.prectr.trainer.cli;

import ai.djl.ndarray.NDManager;
import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;
import org.prectr.core.text.Vocabulary;
import org.prectr.trainer.data.Impression;
import org.prectr.trainer.data.UbiLogReader;
import org.prectr.trainer.encoder.DistilledEncoder;
import org.prectr.trainer.encoder.EncoderConfig;
import org.prectr.trainer.train.EpochRecord;
import org.prectr.trainer.train.PrectrTrainer;
import org.prectr.trainer.train.TextModel;
import org.prectr.trainer.train.TrainedModel;
import org.prectr.trainer.train.TrainerConfig;
import org.prectr.trainer.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code throughput}: the training-speed benchmark of docs/benchmarks.md. Runs PRECTR-V2 stage 2 (all
 * losses on, no validation) once with the encoder frozen (embeddings precomputed) and once fine-tuned
 * end to end, and prints impressions per second of each epoch's training steps (example building and
 * the one-off embedding are excluded and printed separately).
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
    description = "Measure stage-2 training throughput (impressions/s), encoder frozen and fine-tuned.")
public final class ThroughputCommand implements Callable<Integer> {

    @Option(names = "--products", required = true) Path products;
    @Option(names = "--judgments", required = true) Path judgments;
    @Option(names = "--ubi-logs", required = true, split = ",") List<Path> ubiLogs;
    @Option(names = "--encoder", description = "stage-0 encoder weights (default: freshly initialised, same shape)") Path encoder;
    @Option(names = "--epochs", defaultValue = "2") int epochs;
    @Option(names = "--batch-size", defaultValue = "512") int batchSize;
    @Option(names = "--modes", split = ",", defaultValue = "frozen,fine-tuned,fine-tuned-all",
        description = "frozen (embeddings precomputed), fine-tuned (top encoder layer trained over cached lower layers,"
            + " the default of --fine-tune-encoder), fine-tuned-all (every encoder layer trained) (default: ${DEFAULT-VALUE})")
    List<String> modes;
    @Option(names = "--max-impressions", description = "use only the first N impressions of the log (0: all)",
        defaultValue = "0") int maxImpressions;

    @Override
    public Integer call() throws Exception {
        Map<String, Product> catalogue = ProductReader.read(products);
        List<Impression> impressions = new java.util.ArrayList<>();
        for (Path log : ubiLogs) {
            impressions.addAll(UbiLogReader.read(log));
        }
        if (maxImpressions > 0 && impressions.size() > maxImpressions) {
            impressions = impressions.subList(0, maxImpressions);
        }
        TrainingData data = new TrainingData(catalogue, Judgments.read(judgments), null, impressions);
        Vocabulary vocab = org.prectr.trainer.pipeline.TrainingPipeline.bertVocabulary();
        for (String mode : modes) {
            TrainerConfig config = TrainerConfig.defaults().toBuilder().set("stage1", false).set("stage2Epochs", epochs)
                .set("batchSize", batchSize).set("fineTuneEncoder", mode.startsWith("fine-tuned"))
                .set("fineTuneLayers", mode.equals("fine-tuned-all") ? 1000 : 1).build();
            long start = System.nanoTime();
            try (NDManager manager = NDManager.newBaseManager();
                 DistilledEncoder textEncoder = encoder != null ? DistilledEncoder.load(manager, encoder)
                     : DistilledEncoder.create(manager, EncoderConfig.DEFAULTS, 42);
                 TrainedModel model = new PrectrTrainer(config, false).train(data, new TextModel(vocab, textEncoder, null))) {
                double total = (System.nanoTime() - start) / 1e9;
                double training = 0;
                for (EpochRecord r : model.records()) {
                    training += r.seconds();
                    System.out.printf(Locale.ROOT, "%s: epoch %d: %d impressions in %.1f s = %.0f impressions/s; losses %s%n",
                        mode, r.epoch(), r.rows(), r.seconds(), r.rowsPerSecond(), r.losses());
                }
                System.out.printf(Locale.ROOT, "%s: total %.1f s, of which example building and embedding %.1f s%n",
                    mode, total, total - training);
            }
        }
        return 0;
    }
}
