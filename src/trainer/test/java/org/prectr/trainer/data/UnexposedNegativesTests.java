package org.prectr.trainer.data;

import org.junit.Test;
import org.prectr.core.data.Product;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.UserPreferenceHistogram;
import org.prectr.trainer.fixture.SyntheticShop;
import org.prectr.trainer.train.TextEmbedder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class UnexposedNegativesTests {

    private static final TextEmbedder LETTERS = SyntheticShop.letterCounts();

    private static Map<String, Product> catalogue() {
        Map<String, Product> products = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            String title = (i % 3 == 0 ? "running boot " : "running shoe ") + "model " + i + (i > 8 ? " garden" : "");
            products.put("p" + i, new Product("p" + i, Map.of("title", title), Map.of()));
        }
        products.put("hose", new Product("hose", Map.of("title", "garden hose"), Map.of()));
        return products;
    }

    private static ExampleBuilder builder(Map<String, Product> products, boolean firstPhase) {
        FeatureSchema schema = FeatureSchema.of(DefaultFeatures.specs(4, false, firstPhase), 4, List.of("title"));
        return new ExampleBuilder(schema, LETTERS, new UserPreferenceHistogram(4, 50, 0.1), null, products,
            List.of("title"), firstPhase ? FirstPhaseScores.over(products, List.of("title")) : null);
    }

    private static List<Impression> page() {
        List<Impression> shown = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            shown.add(new Impression("u1", "running boot", "s1", "p" + (p * 3), p, p == 1, 1000L));
        }
        return shown;
    }

    @Test
    public void unshownWindowProductsJoinTheSearchWithoutClickOrPosition() {
        Map<String, Product> products = catalogue();
        ExampleTable table = builder(products, true).fromImpressions(page(), null, null, 4, 8, 7L);
        assertEquals(3 + 4, table.rows());
        List<String> window = FirstPhaseScores.over(products, List.of("title")).topItems("running boot", 8);
        for (int r = 0; r < table.rows(); r++) {
            String item = table.itemIds().get(table.itemRow()[r]);
            assertEquals(0, table.group()[r]);
            if (r < 3) {
                assertEquals(r, table.positions()[r]);
            } else {
                assertEquals(-1, table.positions()[r]);
                assertEquals(0f, table.clicks()[r], 0f);
                assertTrue(item + " is in the first-phase window", window.contains(item));
                assertFalse(item + " was shown", List.of("p0", "p3", "p6").contains(item));
            }
        }
        assertFalse("the hose matches nothing and is never drawn", table.itemIds().contains("hose"));
        // the same seed draws the same products; the first-phase feature is the score ratio
        ExampleTable again = builder(products, true).fromImpressions(page(), null, null, 4, 8, 7L);
        assertArrayEquals(table.itemRow(), again.itemRow());
        assertArrayEquals(table.features(), again.features(), 0f);
        assertEquals(3, builder(products, true).fromImpressions(page(), null, null, 0, 8, 7L).rows());
    }

    @Test
    public void negativesNeedAFirstPhase() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> builder(catalogue(), false).fromImpressions(page(), null, null, 2, 8, 7L));
        assertEquals("[unexposed_negatives] need a first phase (first_phase_fields) but there is none", e.getMessage());
    }
}
