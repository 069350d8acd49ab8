package org.prectr.eval.search;

import org.junit.Test;
import org.prectr.eval.MiniData;
import org.prectr.eval.data.Product;
import org.prectr.trainer.search.Bm25Index;
import org.prectr.trainer.search.SearchHit;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class CatalogIndexTests {
    private static Product product(String id, String title) {
        return new Product(id, title, "", "", List.of(), "", Double.NaN, Double.NaN, Double.NaN, false);
    }

    @Test
    public void analyzerLowercasesAndStemsMinimally() throws Exception {
        try (Bm25Index index = CatalogIndex.build(List.of(product("a", "x")), List.of("title"))) {
            // the minimal English stemmer drops a plural s (boots) but keeps -oes words (shoes) whole
            assertEquals(List.of("men", "hiking", "boot", "shoes"), index.analyze("title", "Men Hiking BOOTS shoes"));
        }
    }

    @Test
    public void ranksByBm25AndStemsPlurals() throws Exception {
        List<Product> products = List.of(
                product("p1", "red wool socks"),
                product("p2", "red running boot for men"),
                product("p3", "running boot"),
                product("p4", "garden hose"));
        try (Bm25Index index = CatalogIndex.build(products, List.of("title"))) {
            List<SearchHit> hits = index.search("Running Boots", 10);
            // the short title with both (stemmed) terms first; the hose matches nothing
            assertEquals(List.of("p3", "p2"), hits.stream().map(SearchHit::productId).toList());
            assertTrue(hits.get(0).score() > hits.get(1).score());
        }
    }

    @Test
    public void searchesTheRealMiniCatalogue() throws Exception {
        try (Bm25Index index = CatalogIndex.build(MiniData.catalog().products(), List.of("title"))) {
            List<SearchHit> hits = index.search("thin leather strap", 20);
            assertEquals(20, hits.size());
            assertTrue(hits.get(0).score() >= hits.get(19).score());
        }
    }

    @Test
    public void refusesUnknownFieldsAndBadK() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CatalogIndex.build(List.of(), List.of("price")));
        assertEquals("[fields] must be among [title, bullet_points, category, brand] but had [price]", e.getMessage());
        try (Bm25Index index = CatalogIndex.build(List.of(product("a", "x")), List.of("title"))) {
            e = assertThrows(IllegalArgumentException.class, () -> index.search("x", 0));
            assertEquals("[k] must be at least [1] but was [0]", e.getMessage());
        }
    }
}
