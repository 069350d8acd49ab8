package org.prectr.opensearch.rescore;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.Explanation;
import org.prectr.core.rescore.ExplanationNode;
import org.prectr.core.rescore.RescoreExplanation;
import org.prectr.core.rescore.RescoredWindow;

/**
 * The {@code explain} of a rescored hit: the core's {@link RescoreExplanation} (the same in the
 * Elasticsearch plugin) as a Lucene explanation, with OpenSearch's own explanation of the first phase.
 */
final class PrectrExplanation {

    private PrectrExplanation() {}

    /** Where the history came from, when the coordinating node prepared the request. */
    private static String history(PreparedRequest prepared) {
        if (prepared == null || prepared.onShards()) {
            return " prepared [on shard]";
        }
        PreparedRequest.HistoryOrigin origin = prepared.history();
        return " prepared [on coordinator] history [" + origin.source().jsonName() + "] entries [" + origin.entries() + "] inferred grades ["
            + origin.inferred() + "]";
    }

    static Explanation of(PrectrRescoreContext context, RescoredWindow window, int row, Explanation firstPhase, boolean cached) {
        PrectrRescorerBuilder request = context.request();
        RescoreExplanation explanation = RescoreExplanation.of(context.modelName(), context.bundle().manifest().version(),
            context.bundle().manifest().grades(), context.user().id(), request.scoreMode(), request.queryWeight(),
            request.rescoreWeight(), window, row, cached);
        return Explanation.match(explanation.finalScore(), explanation.description() + history(request.prepared()),
            Explanation.match(explanation.firstPhaseScore(), RescoreExplanation.FIRST_PHASE, firstPhase), lucene(explanation.model()));
    }

    private static Explanation lucene(ExplanationNode node) {
        List<Explanation> details = new ArrayList<>(node.details().size());
        for (ExplanationNode detail : node.details()) {
            details.add(lucene(detail));
        }
        return Explanation.match(node.value(), node.description(), details);
    }
}
