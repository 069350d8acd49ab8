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
import org.prectr.trainer.teacher.TeacherGraphExport;
import org.prectr.trainer.train.TeacherEmbedder;
import org.prectr.trainer.train.TextModel;
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
 * (the distilled encoder's export, both roles; for a model trained on a frozen {@link TeacherEmbedder},
 * the teacher's graph made by {@link TeacherGraphExport} with the teacher's vocabulary and the max lengths
 * its embeddings were computed with), {@code scorer.onnx} (the scorer's export),
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
     * @param model the trained model (its text side must be exportable: the distilled encoder or a frozen teacher)
     * @param dir the bundle folder; its name is the bundle name; created if absent, files replaced
     * @param run facts of the run recorded in the manifest's training block and the report
     * @return the manifest written
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the folder name is not a bundle name or the model cannot be exported
     */
    public static BundleManifest write(TrainedModel model, Path dir, Map<String, Object> run) throws IOException {
        String name = dir.getFileName().toString();
        BundleNames.validate("name", name);
        TextModel text = model.text();
        if (!text.exportable()) {
            throw new IllegalArgumentException("[encoder] must be the distilled encoder or a frozen teacher"
                + " (TeacherEmbedder) to export a bundle, but the model was trained on the frozen embeddings of"
                + " [TextModel.frozenOverride], which have no ONNX graph");
        }
        Files.createDirectories(dir);
        TrainerConfig config = model.config();
        int k = config.grades();
        int d = model.embedder().dim();
        int f = model.schema().size();

        TeacherEmbedder teacher = text.teacher();
        int queryMaxLength;
        int itemMaxLength;
        if (teacher != null) {
            // served token ids must be the ones the training embeddings were computed from: the teacher's
            // vocabulary and the max lengths its encoders were opened with
            teacher.vocabulary().write(dir.resolve(VOCABULARY));
            int dim = TeacherGraphExport.write(teacher.model(), dir.resolve(ENCODER));
            if (dim != d) {
                throw new IllegalStateException("teacher [" + teacher.model().optionName() + "] graph embeds to [" + dim
                    + "] but the model was trained on [" + d + "]");
            }
            queryMaxLength = teacher.queryMaxLength();
            itemMaxLength = teacher.itemMaxLength();
        } else {
            text.vocabulary().write(dir.resolve(VOCABULARY));
            text.encoder().exportOnnx(dir.resolve(ENCODER));
            queryMaxLength = config.queryMaxLength();
            itemMaxLength = config.itemMaxLength();
        }
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
        training.put("text_encoder", teacher == null ? "distilled" : "frozen_teacher:" + teacher.model().optionName());
        training.put("config", configMap(config));
        training.put("epochs", model.records().size());
        training.put("selected_epochs", model.selectedEpochs());
        training.put("final_validation", finalValidation(model));
        training.put("relevance_weight", model.scorer().relevanceWeight());
        training.put("relevance_weight_trial", model.relevanceWeightTrial());
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, name,
            version(dir.resolve(ENCODER), dir.resolve(SCORER)), config.seed(), grades(k),
            new TokenizerSpec(TokenizerSpec.WORDPIECE, VOCABULARY, ModelBundle.sha256(dir.resolve(VOCABULARY)), true,
                queryMaxLength, itemMaxLength),
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
