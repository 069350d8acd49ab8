package org.prectr.eval.run;

import org.prectr.eval.rank.Bm25Ranker;
import org.prectr.eval.rank.BundleRanker;
import org.prectr.eval.rank.OracleRanker;
import org.prectr.eval.rank.PersonalOracleRanker;
import org.prectr.eval.rank.Ranker;
import org.prectr.eval.rank.TeacherCosineRanker;
import org.prectr.eval.rank.ToleranceOracleRanker;
import org.prectr.eval.rank.UtilityOracleRanker;
import org.prectr.trainer.teacher.TeacherModel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the rankers named on the command line. Non-learned: {@code bm25}, {@code teacher_bge},
 * {@code teacher_minilm}; sanity references that read hidden data: {@code oracle} (true grades),
 * {@code oracle_personal} (true grades + preferences estimated from the logged history),
 * {@code oracle_utility} (true simulated utility). Learned models come from {@link TrainedModels}.
 * Any exported bundle can be added as {@code NAME=DIR} and is scored through the served path.
 */
public final class ModelFactory {
    /** The non-learned models and references. */
    public static final List<String> BASELINES = List.of("bm25", "teacher_bge", "teacher_minilm", "oracle",
            "oracle_personal", "oracle_tolerance", "oracle_utility");

    private final EvalContext context;
    private final TrainedModels trained;

    public ModelFactory(EvalContext context, TrainedModels trained) {
        this.context = context;
        this.trained = trained;
    }

    public Ranker create(String name) throws Exception {
        return switch (name) {
            case "bm25" -> new Bm25Ranker();
            case "oracle" -> new OracleRanker();
            case "oracle_personal" -> new PersonalOracleRanker(name, context.catalog(), context.populationClickRate(),
                    context.simulation().config());
            case "oracle_tolerance" -> new ToleranceOracleRanker(context.simulation().config().brandBoost());
            case "oracle_utility" -> new UtilityOracleRanker();
            case "teacher_bge" -> new TeacherCosineRanker(name, TeacherModel.BGE_SMALL_EN_V15_Q);
            case "teacher_minilm" -> new TeacherCosineRanker(name, TeacherModel.ALL_MINILM_L6_V2);
            default -> {
                Map<String, Path> bundles = context.extraBundles();
                if (bundles.containsKey(name)) yield new BundleRanker(name, bundles.get(name), true, context.catalog());
                if (trained.supports(name)) yield trained.create(name);
                throw new IllegalArgumentException("[models] unknown model [" + name + "]; known: " + BASELINES
                        + " + " + trained.names() + " + bundles given as NAME=DIR " + bundles.keySet());
            }
        };
    }
}
