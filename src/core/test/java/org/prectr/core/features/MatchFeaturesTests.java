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

    private static final String[] PIECES = {"without", "no", "not", "non", "free", "Free", "sugar", "Sugars", "cookies",
        "cookie", "battery", "BATTERIES", "box", "boxes", "glass", "glasses", "gluten", "-", ",", "!", "'", "\"", " ", " ",
        "  ", "\t", "\n", "\u0007", "\u0000", "\u007f", "x", "4", "4k", "10.5", "s", "ies", "caf\u00e9", "na\u00efve",
        "\u4e2d", "\u00a0", "$", "+", "(", ")", "shoe", "shoes", "red", "Red"};

    /** A seeded random text made of pieces that exercise cues, plurals, punctuation, controls and non-ASCII. */
    private static String randomText(java.util.Random random, boolean ascii) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            if (ascii && piece.chars().anyMatch(c -> c >= 0x80)) {
                continue;
            }
            sb.append(piece);
            if (random.nextInt(3) > 0) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    @Test
    public void asciiFastPathGivesTheTokenizerWords() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 5000; i++) {
            String text = randomText(random, true);
            assertEquals(text, match.tokenizerWords(text), MatchFeatures.asciiWords(text));
        }
    }

    @Test
    public void itemMatchEqualsTheWordFunctions() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5000; i++) {
            MatchFeatures.Words query = match.words(randomText(random, random.nextBoolean()));
            String itemText = randomText(random, random.nextBoolean());
            MatchFeatures.Words item = match.words(itemText);
            MatchFeatures.ItemMatch m = match.match(query, itemText);
            String at = query.words() + " / " + itemText;
            assertEquals(at, MatchFeatures.queryCoverage(query, item), m.queryCoverage(), 0);
            assertEquals(at, MatchFeatures.jaccard(query, item), m.jaccard(), 0);
            assertEquals(at, MatchFeatures.negationViolation(query, item), m.negationViolation(), 0);
            assertEquals(at, MatchFeatures.fieldInQuery(query, item), match.fieldInQuery(query, itemText), 0);
        }
    }

    @Test
    public void itemMatchOnAKnownExample() {
        MatchFeatures.ItemMatch m = match.match(match.words("cookies without sugar"), "Sugar Cookies, 12 pack");
        // Q = {cooki, without, sugar}, I = {sugar, cooki, 12, pack}: 2 common, union 5
        assertEquals(2.0 / 3, m.queryCoverage(), 1e-12);
        assertEquals(2.0 / 5, m.jaccard(), 1e-12);
        assertEquals(1, m.negationViolation(), 0);
    }

    @Test
    public void storedKeywordsGiveTheSameMatchAsTheText() {
        List<String> texts = new java.util.ArrayList<>(List.of("", "Sugar-Free Cookies, 12 pack", "cookies without sugar",
            "No sugar added: oat cookies with sugar", "Café sans sucre, café crème", "not free shipping; free gift",
            "gluten free gluten bread", "Boots boots BOOTS for men", "without", "free"));
        String[] vocabulary = {"sugar", "free", "without", "no", "not", "non", "cookies", "cookie", "oat", "gluten",
            "boots", "men", "café", "-", ",", "!"};
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int t = 0; t < 300; t++) {
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(8); w >= 0; w--) {
                text.append(vocabulary[random.nextInt(vocabulary.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            texts.add(text.toString());
        }
        for (String q : List.of("cookies without sugar", "sugar free cookies", "gluten-free bread", "mens boots", "café")) {
            MatchFeatures.Words query = match.words(q);
            for (String text : texts) {
                String[] keywords = match.itemKeywords(text).toArray(String[]::new);
                assertEquals(q + " | " + text, match.match(query, text), match.match(query, keywords));
            }
        }
        assertEquals(List.of("sugar", "free", "cooki", "12", "pack", "!sugar"), match.itemKeywords("Sugar-Free Cookies, 12 pack"));
    }
}
