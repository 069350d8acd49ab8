package org.prectr.trainer.data;

import org.junit.Test;
import org.prectr.core.data.Product;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.text.QueryText;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.trainer.search.SearchHit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class FirstPhaseScoresTests {

    private static Map<String, Product> catalogue() {
        Map<String, Product> products = new LinkedHashMap<>();
        String[][] rows = {{"p1", "red wool socks"}, {"p2", "red running boot for men"}, {"p3", "running boot"},
            {"p4", "garden hose"}, {"p5", "trail running shoes for women"}};
        for (String[] r : rows) {
            products.put(r[0], new Product(r[0], Map.of("title", r[1]), Map.of()));
        }
        return products;
    }

    @Test
    public void scoresOfNamedProductsEqualTheirSearchScoresWhateverTheirRank() throws Exception {
        Map<String, Product> products = catalogue();
        FirstPhaseScores first = FirstPhaseScores.over(products, List.of("title"));
        Map<String, Map<String, String>> docs = new LinkedHashMap<>();
        products.forEach((id, p) -> docs.put(id, Map.of("title", p.text("title"))));
        try (Bm25Index index = Bm25Index.build(docs, List.of("title"))) {
            List<SearchHit> hits = index.search("running boots", 10);
            assertEquals("p3", hits.get(0).productId());
            // asked in another order and with a product the query does not match (score 0)
            float[] scores = first.scores("running boots", List.of("p5", "p4", "p2", "p3"));
            float[] expected = new float[4];
            for (SearchHit h : hits) {
                int at = List.of("p5", "p4", "p2", "p3").indexOf(h.productId());
                if (at >= 0) {
                    expected[at] = h.score();
                }
            }
            assertArrayEquals(expected, scores, 0f);
            assertEquals(0f, scores[1], 0f);
            assertTrue(scores[0] > 0 && scores[3] > scores[2]);
            assertEquals(hits.get(0).score(), first.topScore("running boots"), 0f);
            assertEquals(0f, first.topScore("kayak"), 0f);
        }
    }

    @Test
    public void aFieldNoProductHasIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FirstPhaseScores.over(catalogue(), List.of("title", "titel")));
        assertEquals("[first_phase_fields] field [titel] has no text in any of the 5 products", e.getMessage());
    }

    @Test
    public void aPartialWindowTakesTheGivenTopScoreForItsRatio() {
        CandidateWindow page = CandidateWindow.builder(new float[] {2f, 1f}, new String[] {"a", "b"}).topScore(4f).build();
        assertEquals(4f, page.topScore(), 0f);
        assertEquals(2f, CandidateWindow.of(new float[] {2f, 1f}, new String[] {"a", "b"}).topScore(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CandidateWindow.builder(new float[] {1f}, new String[] {"a"}).topScore(Float.NaN));
        assertEquals("[top_score] must be finite but was [NaN]", e.getMessage());
    }

    @Test
    public void rankOrdersOnlyTheCandidatesByTheirCatalogueWideScoresUnmatchedLastInIdOrder() throws Exception {
        Map<String, Product> products = catalogue();
        Map<String, Map<String, String>> docs = new LinkedHashMap<>();
        products.forEach((id, p) -> docs.put(id, Map.of("title", p.text("title"))));
        try (Bm25Index index = Bm25Index.build(docs, List.of("title"))) {
            Map<String, Float> catalogueScores = new LinkedHashMap<>();
            for (SearchHit h : index.search("running boots", 10)) catalogueScores.put(h.productId(), h.score());
            // p3 (the catalogue's best) is not a candidate; p4 and p1 do not match; "gone" is not indexed
            List<SearchHit> window = index.rank("running boots", List.of("p4", "p5", "gone", "p2", "p1", "p2"));
            assertEquals(List.of("p2", "p5", "p1", "p4"), window.stream().map(SearchHit::productId).toList());
            assertEquals(catalogueScores.get("p2"), window.get(0).score(), 0f);
            assertEquals(catalogueScores.get("p5"), window.get(1).score(), 0f);
            assertEquals(0f, window.get(2).score(), 0f);
            assertEquals(0f, window.get(3).score(), 0f);
            // catalogue-wide statistics: an index of the candidates alone scores them differently
            Map<String, Map<String, String>> only = new LinkedHashMap<>();
            for (String id : List.of("p4", "p5", "p2", "p1")) only.put(id, docs.get(id));
            try (Bm25Index small = Bm25Index.build(only, List.of("title"))) {
                float alone = small.rank("running boots", only.keySet()).get(0).score();
                assertTrue(alone + " vs " + window.get(0).score(), Math.abs(alone - window.get(0).score()) > 1e-3);
            }
            assertEquals(List.of("p1", "p2"), index.rank("!!!", List.of("p2", "p1")).stream().map(SearchHit::productId).toList());
        }
    }

    @Test
    public void judgedCandidatesMakeTheWindowAndItsTopScore() throws Exception {
        Map<String, Product> products = catalogue();
        Map<String, List<String>> judged = Map.of(QueryText.normalise("Running Boots"), List.of("p5", "p4", "p2"));
        FirstPhaseScores graded = FirstPhaseScores.over(products, List.of("title"), judged);
        FirstPhaseScores catalogueWide = FirstPhaseScores.over(products, List.of("title"));
        assertEquals(List.of("p2", "p5", "p4"), graded.topItems("Running Boots", 100));
        assertEquals(List.of("p2", "p5"), graded.topItems("Running Boots", 2));
        assertEquals(List.of("p3", "p2", "p5"), catalogueWide.topItems("Running Boots", 3));
        float[] p2 = catalogueWide.scores("Running Boots", List.of("p2"));
        assertEquals(p2[0], graded.topScore("Running Boots"), 0f);
        assertTrue(catalogueWide.topScore("Running Boots") > graded.topScore("Running Boots"));
        // row scores do not depend on the candidates
        assertArrayEquals(catalogueWide.scores("running boots", List.of("p5", "p3")), graded.scores("running boots", List.of("p5", "p3")), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graded.topScore("kayak"));
        assertEquals("[first_phase_candidates] is [judged] but the query [kayak] has no judged products; give its judgments"
            + " or use [catalogue]", e.getMessage());
    }
}
