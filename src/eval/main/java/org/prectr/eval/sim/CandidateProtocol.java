package org.prectr.eval.sim;

import org.prectr.core.data.Judgments;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.trainer.search.SearchHit;

import java.util.List;
import java.util.Locale;

/**
 * Which products a query's candidate window holds, and so what users are shown and what models re-rank.
 *
 * <ul>
 *   <li>{@code GRADED} (the default; the ESCI ranking-task protocol): the query's judged products only
 *       (40-78 per query on ESCI-150), in BM25 order over them ({@link Bm25Index#rank}: the same analysis and
 *       catalogue-wide statistics as a live search; judged products the query does not match come last with
 *       score 0, in id order). Every candidate has a real grade, so no metric has to guess about unjudged
 *       products. Users see the first {@code pageSize} of them.</li>
 *   <li>{@code ENGINE}: the query's BM25 top {@code window} of the whole catalogue, as a live index serves it;
 *       about two thirds of it was never graded for the query (treated as irrelevant, docs/evaluation.md).</li>
 * </ul>
 */
public enum CandidateProtocol {
    GRADED {
        @Override
        public List<SearchHit> window(Bm25Index index, String query, Judgments judgments, int window) {
            return index.rank(query, judgments.grades(query).keySet());
        }
    },
    ENGINE {
        @Override
        public List<SearchHit> window(Bm25Index index, String query, Judgments judgments, int window) {
            return index.search(query, window);
        }
    };

    /**
     * @param index the catalogue's first phase
     * @param query the query
     * @param judgments the grades of the query (the phase's judgments)
     * @param window the engine window size (the top-k of the catalogue; unused by {@code GRADED})
     * @return the query's candidates, best first
     */
    public abstract List<SearchHit> window(Bm25Index index, String query, Judgments judgments, int window);

    /** The name used on the command line and in results.json. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The trainer's {@code --first-phase-candidates} value that gives its windows the same candidates. */
    public String trainerCandidates() {
        return this == GRADED ? "judged" : "catalogue";
    }

    public static CandidateProtocol fromString(String s) {
        for (CandidateProtocol p : values()) {
            if (p.label().equals(s)) return p;
        }
        throw new IllegalArgumentException("[protocol] must be graded or engine but was [" + s + "]");
    }
}
