package org.prectr.trainer.export;

import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.BundleManifestJson;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.bundle.GraphContract;
import org.prectr.core.bundle.GraphsSpec;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.bundle.QueryPreferenceSpec;
import org.prectr.core.bundle.TokenizerSpec;
import org.prectr.core.bundle.UserPreferenceSpec;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.trainer.train.TrainedModel;
import org.prectr.trainer.train.TrainerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained model as the bundle of docs/bundle.md: {@code vocab.txt}, {@code text_encoder.onnx}
 * (the distilled encoder's export, both roles), {@code scorer.onnx} (the scorer's export),
 * {@code query_preferences.json} (V2), {@code manifest.json} and the training report. The version is
 * the UTC date plus the first 8 hex digits of the SHA-256 of the two graphs, so equal weights give an
 * equal version and any change of weights a new one.
 */
public final class BundleWriter {

    /** Grade names of ESCI, lowest first. */
    public static final List<String> ESCI_GRADES = List.of("irrelevant", "complement", "substitute", "exact");

    static final String VOCABULARY = "vocab.txt";
    static final String ENCODER = "text_encoder.onnx";
    static final String SCORER = "scorer.onnx";
    static final String QUERY_PREFERENCES = "query_preferences.json";

    private BundleWriter() {}

    /**
     * @param model the trained model (its text side must be exportable)
     * @param dir the bundle folder; its name is the bundle name; created if absent, files replaced
     * @param run facts of the run recorded in the manifest's training block and the report
     * @return the manifest written
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the folder name is not a bundle name or the model cannot be exported
     */
    public static BundleManifest write(TrainedModel model, Path dir, Map<String, Object> run) throws IOException {
        String name = dir.getFileName().toString();
        BundleNames.validate("name", name);
        if (!model.text().exportable()) {
            throw new IllegalArgumentException("[encoder] must be the distilled encoder to export a bundle, but the model"
                + " was trained on the frozen embeddings of [TextModel.frozenOverride]");
        }
        Files.createDirectories(dir);
        TrainerConfig config = model.config();
        int k = config.grades();
        int d = model.embedder().dim();
        int f = model.schema().size();

        model.text().vocabulary().write(dir.resolve(VOCABULARY));
        model.text().encoder().exportOnnx(dir.resolve(ENCODER));
        model.scorer().export().write(dir.resolve(SCORER));
        QueryPreferenceSpec preferences = null;
        if (config.crossUserPreference()) {
            QueryPreferenceTable.write(dir.resolve(QUERY_PREFERENCES), k, model.queryPreferences());
            preferences = new QueryPreferenceSpec(QUERY_PREFERENCES, config.similarityThreshold());
        } else {
            Files.deleteIfExists(dir.resolve(QUERY_PREFERENCES));
        }
        GraphsSpec graphs = new GraphsSpec(
            GraphContract.spec(GraphContract.Role.QUERY_ENCODER, ENCODER, d, k, f),
            GraphContract.spec(GraphContract.Role.ITEM_ENCODER, ENCODER, d, k, f),
            GraphContract.spec(GraphContract.Role.SCORER, SCORER, d, k, f));
        Map<String, Object> training = new LinkedHashMap<>(run);
        training.put("config", configMap(config));
        training.put("epochs", model.records().size());
        training.put("selected_epochs", model.selectedEpochs());
        training.put("final_validation", finalValidation(model));
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, name,
            version(dir.resolve(ENCODER), dir.resolve(SCORER)), config.seed(), grades(k),
            new TokenizerSpec(TokenizerSpec.WORDPIECE, VOCABULARY, ModelBundle.sha256(dir.resolve(VOCABULARY)), true,
                config.queryMaxLength(), config.itemMaxLength()),
            config.itemTextFields(), d, graphs, model.schema().specs(),
            new UserPreferenceSpec(config.maxHistory(), config.temperature()), preferences, training);
        BundleManifestJson.write(manifest, dir.resolve(BundleManifest.FILE));
        TrainingReport.write(model, dir, run);
        return manifest;
    }

    /** The validation metrics of the weights the bundle holds: the selected stage-2 epoch, else the last epoch. */
    static Map<String, Double> finalValidation(TrainedModel model) {
        List<org.prectr.trainer.train.EpochRecord> records = model.records();
        if (records.isEmpty()) {
            return Map.of();
        }
        org.prectr.trainer.train.EpochRecord last = records.get(records.size() - 1);
        Map<String, Object> selected = model.selectedEpochs().get("stage" + last.stage());
        if (selected != null) {
            int epoch = (Integer) selected.get("epoch");
            for (org.prectr.trainer.train.EpochRecord r : records) {
                if (r.stage() == last.stage() && r.epoch() == epoch) {
                    return r.validation();
                }
            }
        }
        return last.validation();
    }

    private static List<String> grades(int k) {
        if (k == ESCI_GRADES.size()) {
            return ESCI_GRADES;
        }
        return java.util.stream.IntStream.range(0, k).mapToObj(i -> "grade_" + i).toList();
    }

    static String version(Path... graphs) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path g : graphs) {
                sha.update(Files.readAllBytes(g));
            }
            String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 8);
            return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** @return every option of the run by its record name (enums and lists as plain values) */
    static Map<String, Object> configMap(TrainerConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var c : TrainerConfig.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(config);
                out.put(c.getName(), v instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
