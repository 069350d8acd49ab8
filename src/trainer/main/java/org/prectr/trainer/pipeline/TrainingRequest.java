package org.prectr.trainer.pipeline;

import org.prectr.trainer.teacher.TeacherModel;
import org.prectr.trainer.train.TrainerConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one training run reads and where its bundle goes: the input files, the text side (stage-0 encoder
 * weights, or a frozen teacher), the options, and the bundle folder.
 *
 * @param products products: OpenSearch bulk file (.ndjson or .zip)
 * @param judgments training-split judgments (SRW IMPORT_JUDGMENT format)
 * @param validationJudgments validation-split judgments (metrics per epoch), or null
 * @param ubiLogs UBI ndjson log files (may be empty when {@code ubiFrom} is given)
 * @param ubiFrom a cluster to read the UBI indexes ubi_queries and ubi_events from (http://host:port), or null
 * @param encoder stage-0 encoder weights, or null (a fresh encoder from the seed; unused with a teacher)
 * @param frozenTeacher the teacher whose frozen embeddings replace the encoder, or null
 * @param vocabulary the encoder's vocab.txt, or null (bert-base-uncased from the teacher jar)
 * @param config the options
 * @param out the bundle folder; its name is the bundle name
 */
public record TrainingRequest(Path products, Path judgments, Path validationJudgments, List<Path> ubiLogs, java.net.URI ubiFrom, Path encoder,
                              TeacherModel frozenTeacher, Path vocabulary, TrainerConfig config, Path out) {

    public TrainingRequest {
        Objects.requireNonNull(products, "[products] must be given");
        Objects.requireNonNull(judgments, "[judgments] must be given");
        Objects.requireNonNull(config, "[config] must be given");
        Objects.requireNonNull(out, "[out] must be given");
        ubiLogs = ubiLogs == null ? List.of() : List.copyOf(ubiLogs);
        if (ubiLogs.isEmpty() && ubiFrom == null) {
            throw new IllegalArgumentException("[--ubi-logs] or [--ubi-from] must be given");
        }
        if (frozenTeacher != null && config.fineTuneEncoder()) {
            throw new IllegalArgumentException("[fine_tune_encoder] cannot be used with the frozen teacher ["
                + frozenTeacher.optionName() + "]: its embeddings are not trained");
        }
    }
}
