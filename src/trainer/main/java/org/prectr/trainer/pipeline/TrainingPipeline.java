package org.prectr.trainer.pipeline;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtException;
import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;
import org.prectr.core.text.Vocabulary;
import org.prectr.trainer.data.Impression;
import org.prectr.trainer.data.UbiLogReader;
import org.prectr.trainer.encoder.DistilledEncoder;
import org.prectr.trainer.encoder.EncoderConfig;
import org.prectr.trainer.export.BundleWriter;
import org.prectr.trainer.teacher.TeacherModel;
import org.prectr.trainer.train.EpochRecord;
import org.prectr.trainer.train.PrectrTrainer;
import org.prectr.trainer.train.TeacherEmbedder;
import org.prectr.trainer.train.TextModel;
import org.prectr.trainer.train.TrainedModel;
import org.prectr.trainer.train.TrainingData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages 1 and 2 from typed inputs to an exported bundle: reads the products, judgments and UBI logs,
 * opens the text side (the stage-0 encoder, a fresh one, or a frozen teacher), trains with
 * {@link PrectrTrainer}, and writes the bundle with {@link BundleWriter}. The {@code train} command is a
 * flag parser in front of this class; the evaluation reaches it through that command in a child JVM
 * (each learned model in its own process, so that DJL's native memory is returned when it exits).
 */
public final class TrainingPipeline {

    /** The bert-base-uncased vocabulary inside the teacher jar (the distilled encoder's vocabulary). */
    public static final String VOCABULARY_RESOURCE = "bge-small-en-v1.5-q-tokenizer.json";

    private final boolean progress;

    /** @param progress draw progress bars on stderr */
    public TrainingPipeline(boolean progress) {
        this.progress = progress;
    }

    /**
     * Reads the request's files, trains, and writes the bundle into {@link TrainingRequest#out()}.
     *
     * @param request what to train on and where to write
     * @param provenance extra entries for the bundle's training record (e.g. the command line); may be empty
     * @return the epochs' records (losses and validation metrics)
     * @throws IOException if an input cannot be read or the bundle cannot be written
     * @throws OrtException if the frozen teacher's graph cannot be opened
     */
    public List<EpochRecord> run(TrainingRequest request, Map<String, Object> provenance) throws IOException, OrtException {
        TrainingData data = read(request);
        return train(request, data, provenance);
    }

    /**
     * @return the request's products, judgments and impressions (all logs, in chronological order)
     */
    public static TrainingData read(TrainingRequest request) throws IOException {
        Map<String, Product> catalogue = ProductReader.read(request.products());
        List<Impression> impressions = new ArrayList<>();
        for (Path log : request.ubiLogs()) {
            impressions.addAll(UbiLogReader.read(log));
        }
        if (request.ubiFrom() != null) {
            impressions.addAll(new org.prectr.trainer.data.UbiClusterSource(request.ubiFrom()).read("ubi_queries", "ubi_events"));
        }
        impressions.sort(Comparator.comparingLong(Impression::timeMillis).thenComparing(Impression::searchId)
            .thenComparingInt(Impression::position));
        return new TrainingData(catalogue, Judgments.read(request.judgments()),
            request.validationJudgments() == null ? null : Judgments.read(request.validationJudgments()), impressions);
    }

    /**
     * Trains on data already read and writes the bundle.
     *
     * @param request the text side, options and bundle folder (its files are named in the training record)
     * @param data the inputs
     * @param provenance extra entries for the bundle's training record; may be empty
     * @return the epochs' records
     * @throws IOException if the encoder cannot be read or the bundle cannot be written
     * @throws OrtException if the frozen teacher's graph cannot be opened
     */
    public List<EpochRecord> train(TrainingRequest request, TrainingData data, Map<String, Object> provenance)
            throws IOException, OrtException {
        TeacherModel teacher = request.frozenTeacher();
        if (teacher != null && teacher.quantized()) {
            System.err.println("warning: teacher [" + teacher.optionName() + "] is int8: its embedding of a text depends on"
                + " the other texts of a batch, so the bundle's served scores will differ from the trained ones");
        }
        PrectrTrainer trainer = new PrectrTrainer(request.config(), progress);
        if (teacher != null) {
            // query and item embeddings at the config's max lengths, which BundleWriter writes into the manifest
            try (TeacherEmbedder embedder = TeacherEmbedder.open(teacher, request.config().queryMaxLength(),
                     request.config().itemMaxLength(), Math.max(1, Runtime.getRuntime().availableProcessors()));
                 TrainedModel model = trainer.train(data, new TextModel(embedder.vocabulary(), null, embedder))) {
                return export(request, data, model, provenance);
            }
        }
        Vocabulary vocab = request.vocabulary() != null ? Vocabulary.read(request.vocabulary()) : bertVocabulary();
        try (NDManager manager = NDManager.newBaseManager();
             DistilledEncoder textEncoder = request.encoder() != null
                 ? DistilledEncoder.load(manager, request.encoder())
                 : DistilledEncoder.create(manager, EncoderConfig.DEFAULTS, request.config().seed());
             TrainedModel model = trainer.train(data, new TextModel(vocab, textEncoder, null))) {
            return export(request, data, model, provenance);
        }
    }

    private static List<EpochRecord> export(TrainingRequest request, TrainingData data, TrainedModel model,
                                            Map<String, Object> provenance) throws IOException {
        for (EpochRecord r : model.records()) {
            System.err.printf(java.util.Locale.ROOT, "stage %d epoch %d losses %s validation %s (%.0f rows/s)%n",
                r.stage(), r.epoch(), r.losses(), r.validation(), r.rowsPerSecond());
        }
        Map<String, Object> run = new LinkedHashMap<>(provenance);
        run.put("products", request.products().toString());
        run.put("judgments", request.judgments().toString());
        run.put("validation_judgments", String.valueOf(request.validationJudgments()));
        run.put("ubi_logs", request.ubiLogs().toString());
        if (request.ubiFrom() != null) {
            run.put("ubi_from", request.ubiFrom().toString());
        }
        TeacherModel teacher = request.frozenTeacher();
        run.put("encoder", teacher != null ? "none (frozen teacher)" : String.valueOf(request.encoder()));
        if (teacher != null) {
            run.put("frozen_teacher", teacher.optionName());
        }
        run.put("impressions", data.impressions().size());
        run.put("products_count", data.products().size());
        BundleWriter.write(model, request.out(), run);
        System.err.println("bundle written to " + request.out());
        return List.copyOf(model.records());
    }

    /** @return the bert-base-uncased vocabulary from the teacher jar */
    public static Vocabulary bertVocabulary() throws IOException {
        try (InputStream in = TrainingPipeline.class.getClassLoader().getResourceAsStream(VOCABULARY_RESOURCE)) {
            if (in == null) {
                throw new IOException("vocabulary resource [" + VOCABULARY_RESOURCE + "] is not on the classpath");
            }
            return Vocabulary.fromTokenizerJson(in);
        }
    }
}
