package org.prectr.trainer.encoder;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What stage 0 did and how well: per-epoch losses and validation NDCG@10 (ESCI gains, cosine ranking of
 * each validation query's judged titles), the teachers' NDCG on the same queries, and the selected
 * epochs. Rendered as markdown for the bundle's training report.
 *
 * @param teacher the distillation teacher's option name
 * @param seed the run's seed
 * @param parameterCount the encoder's exact parameter count
 * @param teacherNdcg NDCG@10 of each evaluated teacher's cosine ranking, by option name
 * @param distilledNdcg the encoder's NDCG@10 after distillation (the selected distillation epoch)
 * @param sftNdcg the encoder's NDCG@10 after SFT (the selected SFT epoch; equals distilledNdcg when
 *     no SFT epoch beat it)
 * @param bestSftEpoch the selected SFT epoch, 0 meaning "none: the distilled weights were kept"
 * @param epochs every epoch's log, distillation first
 */
public record Stage0Report(
    String teacher,
    long seed,
    long parameterCount,
    Map<String, Double> teacherNdcg,
    double distilledNdcg,
    double sftNdcg,
    int bestSftEpoch,
    List<EpochLog> epochs
) {

    /** Copies the collections. */
    public Stage0Report {
        teacherNdcg = Map.copyOf(teacherNdcg);
        epochs = List.copyOf(epochs);
    }

    /**
     * One epoch of one stage.
     *
     * @param stage {@code distill} or {@code sft}
     * @param epoch 1-based epoch number
     * @param loss mean training loss over the epoch's steps
     * @param terms mean of each loss term, by name
     * @param validationNdcg NDCG@10 on the validation queries after the epoch
     * @param seconds wall time of the epoch
     */
    public record EpochLog(String stage, int epoch, double loss, Map<String, Double> terms, double validationNdcg,
                           double seconds) {
        /** Copies the map. */
        public EpochLog {
            terms = Map.copyOf(terms);
        }
    }

    /** @return the report as a markdown section */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Stage 0: distilled encoder\n\n");
        md.append(String.format(Locale.ROOT, "Teacher `%s`, seed %d, %,d encoder parameters.%n%n", teacher, seed, parameterCount));
        md.append("| model | validation NDCG@10 (ESCI gains, cosine) |\n|---|---|\n");
        teacherNdcg.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> md.append(String.format(Locale.ROOT, "| teacher %s | %.4f |%n", e.getKey(), e.getValue())));
        md.append(String.format(Locale.ROOT, "| distilled encoder, after distillation | %.4f |%n", distilledNdcg));
        md.append(String.format(Locale.ROOT, "| distilled encoder, after SFT (epoch %d) | %.4f |%n%n", bestSftEpoch, sftNdcg));
        md.append("| stage | epoch | loss | terms | validation NDCG@10 | seconds |\n|---|---|---|---|---|---|\n");
        for (EpochLog log : epochs) {
            StringBuilder terms = new StringBuilder();
            log.terms().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> terms.append(String.format(Locale.ROOT, "%s %.4f ", e.getKey(), e.getValue())));
            md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %s| %.4f | %.1f |%n", log.stage(), log.epoch(), log.loss(),
                terms, log.validationNdcg(), log.seconds()));
        }
        return md.toString();
    }
}
