package org.prectr.trainer.data;

import org.junit.Test;
import org.prectr.core.data.Product;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.UserPreferenceHistogram;
import org.prectr.trainer.fixture.SyntheticShop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;

/**
 * {@code history_brand} in training examples: 1 exactly for the rows whose brand the same user clicked in an
 * earlier search, never from the current search's own clicks or from another user's.
 */
public class HistoryMatchExamplesTests {

    private static Map<String, Product> catalogue() {
        Map<String, Product> products = new LinkedHashMap<>();
        String[] brands = {"Hanes", "UGG", "Dearfoams", "hanes"};
        for (int i = 0; i < brands.length; i++) {
            products.put("p" + i, new Product("p" + i, Map.of("title", "slippers model " + i, "brand", brands[i]), Map.of()));
        }
        return products;
    }

    @Test
    public void aBrandClickedInAnEarlierSearchOfTheSameUserSetsTheFeature() {
        Map<String, Product> products = catalogue();
        FeatureSchema schema = FeatureSchema.of(DefaultFeatures.specs(4, false, false, List.of("brand")), 4, List.of("title"));
        int column = schema.names().indexOf("history_brand");
        ExampleBuilder builder = new ExampleBuilder(schema, SyntheticShop.letterCounts(), new UserPreferenceHistogram(4, 50, 0.1),
            null, products, List.of("title"), null);
        List<Impression> log = List.of(
            // u1 clicks the Hanes p0 in search s1; u2 clicks UGG p1 in s2
            new Impression("u1", "slippers", "s1", "p0", 0, true, 1000L),
            new Impression("u1", "slippers", "s1", "p1", 1, false, 1000L),
            new Impression("u2", "boots", "s2", "p1", 0, true, 2000L),
            // later searches of both users over all four products
            new Impression("u1", "mens slippers", "s3", "p0", 0, false, 3000L),
            new Impression("u1", "mens slippers", "s3", "p1", 1, false, 3000L),
            new Impression("u1", "mens slippers", "s3", "p2", 2, true, 3000L),
            new Impression("u1", "mens slippers", "s3", "p3", 3, false, 3000L),
            new Impression("u2", "mens slippers", "s4", "p0", 0, false, 4000L),
            new Impression("u2", "mens slippers", "s4", "p1", 1, false, 4000L),
            new Impression("u2", "mens slippers", "s4", "p2", 2, false, 4000L),
            new Impression("u2", "mens slippers", "s4", "p3", 3, false, 4000L));
        ExampleTable table = builder.fromImpressions(log, null, null);
        Map<String, Float> u1 = new LinkedHashMap<>();
        Map<String, Float> u2 = new LinkedHashMap<>();
        Map<String, Float> first = new LinkedHashMap<>();
        for (int r = 0; r < table.rows(); r++) {
            String item = table.itemIds().get(table.itemRow()[r]);
            float v = table.features()[r * table.featureCount() + column];
            switch (table.group()[r]) {
                case 0 -> first.put(item, v);
                case 2 -> u1.put(item, v);
                case 3 -> u2.put(item, v);
                default -> { }
            }
        }
        float yes = schema.plan().finish(column, 1);
        float no = schema.plan().finish(column, 0);
        // the first search has no history: its own click does not count
        assertEquals(Map.of("p0", no, "p1", no), first);
        // u1 clicked Hanes before: p0 and p3 ("hanes") match, UGG (clicked by u2 only) and p2 (clicked now) do not
        assertEquals(Map.of("p0", yes, "p1", no, "p2", no, "p3", yes), u1);
        assertEquals(Map.of("p0", no, "p1", yes, "p2", no, "p3", no), u2);
    }
}
