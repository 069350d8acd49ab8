package org.prectr.trainer.encoder;

import org.junit.Test;
import org.prectr.core.data.Judgments;
import org.prectr.core.data.Product;
import org.prectr.core.data.ProductReader;
import org.prectr.trainer.text.EsciTestData;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class DistillationCorpusTests {

    @Test
    public void madeQueriesAreShortSpansOfTheTitlesFirstWords() {
        String title = "Dearfoams Men's Memory Foam Moccasin Slipper, Dark Chocolate, Large";
        for (int seed = 0; seed < 50; seed++) {
            String q = DistillationCorpus.madeQuery(title, new SplittableRandom(seed));
            String[] words = q.split(" ");
            assertTrue(q, words.length >= 2 && words.length <= 4);
            assertTrue(q, "dearfoams mens memory foam moccasin slipper dark chocolate large".contains(q));
            assertEquals(q, q.toLowerCase(java.util.Locale.ROOT));
        }
        assertNull(DistillationCorpus.madeQuery("Kindle", new SplittableRandom(1)));
        assertEquals(DistillationCorpus.madeQuery(title, new SplittableRandom(7)),
            DistillationCorpus.madeQuery(title, new SplittableRandom(7)));
    }

    @Test
    public void everyCatalogueTitleGivesAGroupOfNeighboursAndNoValidationQueryIsMade() throws Exception {
        Map<String, Product> products = ProductReader.read(EsciTestData.products());
        Stage0Data data = Stage0Data.of(Judgments.read(EsciTestData.splitsDir().resolve("train.json")),
            Judgments.read(EsciTestData.splitsDir().resolve("validation.json")), products);
        Set<String> validation = new java.util.HashSet<>();
        data.validation().forEach(g -> validation.add(g.query()));
        DistillationCorpus corpus = DistillationCorpus.build(products, data.train(), validation, 8, 42);
        long titled = products.values().stream().filter(p -> !p.text("title").isBlank()).count();
        assertTrue("groups " + corpus.groups().size(), corpus.groups().size() > 0.9 * titled);
        for (Stage0Data.QueryGroup g : corpus.groups()) {
            assertEquals(8, g.titles().size());
            assertEquals(8, Set.copyOf(g.titles()).size());
            assertFalse(g.query(), validation.contains(g.query()));
        }
        // a made query's group starts with its own title, and its neighbours share a word with the query
        Stage0Data.QueryGroup first = corpus.groups().get(0);
        String word = first.query().split(" ")[0];
        long sharing = first.titles().stream().filter(t -> t.toLowerCase(java.util.Locale.ROOT).contains(word)).count();
        assertTrue(first + " shares [" + word + "] with " + sharing, sharing >= 2);
        // the same seed gives the same corpus
        assertEquals(corpus.groups().subList(0, 20).stream().map(Stage0Data.QueryGroup::query).toList(),
            DistillationCorpus.build(products, data.train(), validation, 8, 42).groups().subList(0, 20).stream()
                .map(Stage0Data.QueryGroup::query).toList());
        List<String> all = List.copyOf(corpus.texts());
        assertTrue(all.size() > titled);
    }
}
