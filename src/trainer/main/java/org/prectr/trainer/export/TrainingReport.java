package org.prectr.trainer.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.prectr.trainer.train.EpochRecord;
import org.prectr.trainer.train.TrainedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes {@code training_report.md} (for people) and {@code training_report.json} (for tools): the
 * run's options, data sizes, and per epoch the mean losses by component, the validation metrics and
 * the throughput. Not read by the plugin.
 */
public final class TrainingReport {

    private TrainingReport() {}

    /**
     * @param model the trained model
     * @param dir the bundle folder
     * @param run free-form facts of the run (command, data files, counts), in order
     * @throws IOException if a file cannot be written
     */
    public static void write(TrainedModel model, Path dir, Map<String, Object> run) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.put("config", BundleWriter.configMap(model.config()));
        json.put("epochs", model.records());
        json.put("selected_epochs", model.selectedEpochs());
        json.put("relevance_weight", model.scorer().relevanceWeight());
        json.put("relevance_weight_trial", model.relevanceWeightTrial());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("training_report.json").toFile(), json);
        Files.writeString(dir.resolve("training_report.md"), markdown(model, run));
    }

    static String markdown(TrainedModel model, Map<String, Object> run) {
        StringBuilder md = new StringBuilder();
        md.append("# Training report: ").append(model.config().variant()).append("\n\n");
        run.forEach((k, v) -> md.append("- ").append(k).append(": `").append(v).append("`\n"));
        md.append("\n## Epochs\n\n");
        List<EpochRecord> records = model.records();
        TreeSet<String> losses = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>();
        for (EpochRecord r : records) {
            losses.addAll(r.losses().keySet());
            metrics.addAll(r.validation().keySet());
        }
        md.append("| stage | epoch |");
        losses.forEach(l -> md.append(' ').append(l).append(" |"));
        metrics.forEach(m -> md.append(' ').append(m).append(" |"));
        md.append(" rows/s |\n|---|---|");
        for (int i = 0; i < losses.size() + metrics.size() + 1; i++) {
            md.append("---|");
        }
        md.append('\n');
        for (EpochRecord r : records) {
            md.append("| ").append(r.stage()).append(" | ").append(r.epoch()).append(" |");
            losses.forEach(l -> md.append(' ').append(number(r.losses().get(l))).append(" |"));
            metrics.forEach(m -> md.append(' ').append(number(r.validation().get(m))).append(" |"));
            md.append(' ').append(String.format(Locale.ROOT, "%.0f", r.rowsPerSecond())).append(" |\n");
        }
        model.selectedEpochs().forEach((stage, sel) -> md.append("\nKept (early stopping): ").append(stage)
            .append(" epoch ").append(sel.get("epoch")).append(", the best by ").append(sel.get("metric")).append('.'));
        md.append("\nValidation metrics of the bundle's weights: ").append(BundleWriter.finalValidation(model)).append('\n');
        md.append("\nRelevance weight w of the served score, sigmoid((logit(f) + tau + w E[gain]) / (1 + w)): ")
            .append(model.scorer().relevanceWeight()).append('\n');
        List<Map<String, Object>> trial = model.relevanceWeightTrial();
        if (!trial.isEmpty()) {
            md.append("\n| w | validation_ndcg10_score | validation_click_auc |\n|---|---|---|\n");
            for (Map<String, Object> row : trial) {
                md.append("| ").append(row.get("weight")).append(" | ").append(number((Double) row.get("validation_ndcg10_score")))
                    .append(" | ").append(number((Double) row.get("validation_click_auc"))).append(" |\n");
            }
            md.append("\nw is the candidate with the best validation NDCG@10 of the score plus click AUC (ties: the smaller w).\n");
        }
        md.append("\nLosses are means over the epoch's batches; validation metrics are computed after the epoch on the\n"
            + "validation queries (click AUC on their logged impressions, NDCG@10 with ESCI gains on their judged\n"
            + "products, ranked by the final score and by the RSL head's expected grade).\n");
        return md.toString();
    }

    private static String number(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
