package org.prectr.benchmarks.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class CatalogExpansionTests {

    private static final List<CatalogProduct> BASE = List.of(
        new CatalogProduct("B001", "Stainless Steel Water Bottle 32 oz", "Hydro", "Blue", 1200, 4.5, false, 24.99),
        new CatalogProduct("B002", "Leather Strap Watch", "Timex", "", Double.NaN, Double.NaN, false, Double.NaN),
        new CatalogProduct("B003", "Gardening", "", "", 10, 3.0, true, 9.5));

    @Test
    public void copyZeroIsTheOriginalProduct() {
        CatalogExpansion catalog = new CatalogExpansion(BASE, 42);
        for (int i = 0; i < BASE.size(); i++) {
            assertSame(BASE.get(i), catalog.product(i));
        }
    }

    @Test
    public void copiesHaveUniqueIdsAndKeepBrandColourAndBookFlag() {
        CatalogExpansion catalog = new CatalogExpansion(BASE, 42);
        Set<String> ids = new HashSet<>();
        for (long i = 0; i < 3000; i++) {
            CatalogProduct p = catalog.product(i);
            assertTrue("duplicate id " + p.id(), ids.add(p.id()));
            CatalogProduct original = BASE.get((int) (i % 3));
            assertEquals(original.id() + (i < 3 ? "" : "-" + i / 3), p.id());
            assertEquals(original.brand(), p.brand());
            assertEquals(original.color(), p.color());
            assertEquals(original.isBook(), p.isBook());
            assertEquals(original.rating(), p.rating(), 0.0);
            assertEquals(Double.isNaN(original.price()), Double.isNaN(p.price()));
            if (!Double.isNaN(original.ratingCount())) {
                assertTrue(p.ratingCount() >= Math.floor(original.ratingCount() * 0.5)
                    && p.ratingCount() <= Math.ceil(original.ratingCount() * 1.5));
            }
        }
    }

    @Test
    public void expansionIsDeterministicPerSeedAndPerturbsTitles() {
        CatalogExpansion a = new CatalogExpansion(BASE, 42);
        CatalogExpansion b = new CatalogExpansion(BASE, 42);
        CatalogExpansion other = new CatalogExpansion(BASE, 43);
        int changedTitles = 0;
        int differentFromOtherSeed = 0;
        for (long i = 3; i < 603; i++) {
            assertEquals(a.product(i), b.product(i));
            if (!a.product(i).title().equals(BASE.get((int) (i % 3)).title())) {
                changedTitles++;
            }
            if (!a.product(i).equals(other.product(i))) {
                differentFromOtherSeed++;
            }
        }
        assertTrue("titles changed " + changedTitles, changedTitles > 300);
        assertTrue(differentFromOtherSeed > 500);
        assertNotEquals(a.product(3).title(), a.product(6).title() + "x");
    }

    @Test
    public void rejectsAnEmptyBaseAndNegativePositions() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
            () -> new CatalogExpansion(List.of(), 1));
        assertEquals("[base] must not be empty but was [0] products", empty.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> new CatalogExpansion(BASE, 1).product(-1));
        assertEquals("[position] must be >= 0 but was [-1]", negative.getMessage());
    }

    @Test
    public void readsTheRealEsciProducts() throws Exception {
        Path zip = Path.of(System.getProperty("prectr.data", "../../../shared/data/esci150"))
            .resolve("esci_us_ecommerce_shrunk.ndjson.zip");
        org.junit.Assume.assumeTrue("ESCI data not at " + zip, zip.toFile().isFile());
        List<CatalogProduct> products = EsciProducts.read(zip);
        assertEquals(6764, products.size());
        assertEquals("B07CXG6C9W", products.get(0).id());
        assertEquals(124969.0, products.get(0).ratingCount(), 0.0);
        assertTrue(Double.isNaN(products.get(0).price()));
    }
}
