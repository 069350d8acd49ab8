package org.prectr.eval.sim;

import org.junit.Test;
import org.prectr.core.data.Judgments;
import org.prectr.eval.MiniData;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.eval.search.CatalogIndex;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.trainer.search.SearchHit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The graded protocol's windows on the real mini slice of ESCI-150, and the sessions built from them. */
public class CandidateProtocolTests {

    @Test
    public void gradedWindowIsTheJudgedProductsInCatalogueWideBm25Order() throws Exception {
        ProductCatalog catalog = MiniData.catalog();
        Judgments test = MiniData.test();
        try (Bm25Index index = CatalogIndex.build(catalog.products(), List.of("title"))) {
            for (String query : test.queries()) {
                List<SearchHit> window = CandidateProtocol.GRADED.window(index, query, test, 100);
                Set<String> ids = new HashSet<>();
                for (SearchHit h : window) ids.add(h.productId());
                assertEquals(query, test.grades(query).keySet(), ids);
                assertEquals(query, ids.size(), window.size());
                // the scores are the ones a search of the whole catalogue gives them (catalogue-wide statistics)
                Map<String, Float> catalogue = new HashMap<>();
                for (SearchHit h : index.search(query, catalog.products().size())) catalogue.put(h.productId(), h.score());
                boolean zeros = false;
                for (int i = 0; i < window.size(); i++) {
                    SearchHit h = window.get(i);
                    assertEquals(query + " " + h.productId(), catalogue.getOrDefault(h.productId(), 0f), h.score(), 0f);
                    if (i > 0) assertTrue(query + " at " + i, window.get(i - 1).score() >= h.score());
                    if (h.score() == 0f) {
                        zeros = true;
                        if (i > 0 && window.get(i - 1).score() == 0f) {
                            assertTrue("unmatched in id order", window.get(i - 1).productId().compareTo(h.productId()) < 0);
                        }
                    } else {
                        assertTrue("matched products come before unmatched ones", !zeros);
                    }
                }
                // the engine window of the same query holds products never judged for it
                List<SearchHit> engine = CandidateProtocol.ENGINE.window(index, query, test, 100);
                assertTrue(query, engine.stream().anyMatch(h -> test.grade(query, h.productId()) < 0));
            }
        }
    }

    @Test
    public void gradedSessionsShowTheBm25TopTenOfTheJudgedProductsAndGradeEveryCandidate() throws Exception {
        ProductCatalog catalog = MiniData.catalog();
        SimulationConfig config = SimulationConfig.defaults(5, ClickModel.PBM).withUsers(100);
        assertEquals(CandidateProtocol.GRADED, config.protocol());
        try (Bm25Index index = CatalogIndex.build(catalog.products(), List.of("title"))) {
            SimulatedData data = SimulatedData.simulate(config, catalog, index, MiniData.train(), MiniData.test());
            for (SimSession s : data.test()) {
                assertEquals(MiniData.test().grades(s.query()).size(), s.window().size());
                for (int g : s.grades()) assertTrue(s.query(), g >= 0);
                assertEquals(10, s.shown());
                assertEquals(CandidateProtocol.GRADED.window(index, s.query(), MiniData.test(), 100), s.window());
            }
            SimulatedData engine = SimulatedData.simulate(config.withProtocol(CandidateProtocol.ENGINE), catalog, index,
                    MiniData.train(), MiniData.test());
            assertEquals(100, engine.test().get(0).window().size());
        }
    }

    @Test
    public void unknownProtocolIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CandidateProtocol.fromString("judged"));
        assertEquals("[protocol] must be graded or engine but was [judged]", e.getMessage());
        assertEquals("judged", CandidateProtocol.GRADED.trainerCandidates());
        assertEquals("catalogue", CandidateProtocol.ENGINE.trainerCandidates());
    }
}
