package org.prectr.core.features;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.Test;

public class MatchFeaturesTests {

    private final MatchFeatures match = new MatchFeatures();

    @Test
    public void wordsAreLowercasedStemmedAndFreeOfPunctuation() {
        MatchFeatures.Words w = match.words("Running SHOES, Red-Boxes & batteries!");
        assertEquals(List.of("running", "shoe", "red", "box", "batteri"), w.words());
        assertEquals(Set.of(), w.negated());
    }

    @Test
    public void pluralStemmer() {
        assertEquals("shoe", MatchFeatures.stem("shoes"));
        assertEquals("batteri", MatchFeatures.stem("batteries"));
        assertEquals("batteri", MatchFeatures.stem("battery"));
        assertEquals("cooki", MatchFeatures.stem("cookies"));
        assertEquals("cooki", MatchFeatures.stem("cookie"));
        assertEquals("jersey", MatchFeatures.stem("jerseys"));
        assertEquals("toy", MatchFeatures.stem("toys"));
        assertEquals("box", MatchFeatures.stem("boxes"));
        assertEquals("glass", MatchFeatures.stem("glasses"));
        assertEquals("dish", MatchFeatures.stem("dishes"));
        assertEquals("glass", MatchFeatures.stem("glass"));
        assertEquals("bus", MatchFeatures.stem("bus"));
        assertEquals("virus", MatchFeatures.stem("virus"));
        assertEquals("this", MatchFeatures.stem("this"));
        assertEquals("gas", MatchFeatures.stem("gas"));
        assertEquals("pant", MatchFeatures.stem("pants"));
    }

    @Test
    public void negationCues() {
        assertEquals(Set.of("sugar"), match.words("cookies without sugar").negated());
        assertEquals(Set.of("wire"), match.words("No wires charger").negated());
        assertEquals(Set.of("plastic"), match.words("not plastic").negated());
        assertEquals(Set.of("gluten"), match.words("gluten-free pasta").negated());
        assertEquals(Set.of("gluten"), match.words("Gluten Free pasta").negated());
        assertEquals(Set.of("slip"), match.words("non-slip mat").negated());
        // a cue at the end negates nothing; "no free" does not negate the cue word
        assertEquals(Set.of(), match.words("shoes without").negated());
        assertEquals(Set.of(), match.words("no free").negated());
    }

    @Test
    public void coverageAndJaccard() {
        MatchFeatures.Words q = match.words("red running shoes");
        MatchFeatures.Words item = match.words("Nike Running Shoe, Blue");
        assertEquals(2.0 / 3, MatchFeatures.queryCoverage(q, item), 1e-12);
        // Q = {red, running, shoe}, I = {nike, running, shoe, blue}: 2 common of 5
        assertEquals(2.0 / 5, MatchFeatures.jaccard(q, item), 1e-12);
        MatchFeatures.Words empty = match.words("!!");
        assertEquals(0, MatchFeatures.queryCoverage(empty, item), 0);
        assertEquals(0, MatchFeatures.jaccard(empty, empty), 0);
        // repeated words count once
        assertEquals(1.0, MatchFeatures.queryCoverage(match.words("shoe shoes"), item), 0);
    }

    @Test
    public void negationViolation() {
        MatchFeatures.Words q = match.words("cookies without sugar");
        assertEquals(1, MatchFeatures.negationViolation(q, match.words("Sugar Cookies, 12 pack")), 0);
        assertEquals(0, MatchFeatures.negationViolation(q, match.words("Oatmeal cookies")), 0);
        // the item negates the word too: "sugar free" satisfies "without sugar"
        assertEquals(0, MatchFeatures.negationViolation(q, match.words("Sugar-Free Cookies")), 0);
        assertEquals(0, MatchFeatures.negationViolation(match.words("sugar cookies"), match.words("Sugar Cookies")), 0);
    }

    @Test
    public void fieldInQuery() {
        MatchFeatures.Words q = match.words("Under Armour running shoes");
        assertEquals(1, MatchFeatures.fieldInQuery(q, match.words("Under Armour")), 0);
        assertEquals(0, MatchFeatures.fieldInQuery(q, match.words("Armour Co")), 0);
        assertEquals(0, MatchFeatures.fieldInQuery(q, match.words(null)), 0);
        assertEquals(0, MatchFeatures.fieldInQuery(q, match.words("")), 0);
    }
}
