package org.prectr.core.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.prectr.core.text.BasicTokenizer;

/**
 * Word-level matching between a query and an item text (or a document field value), the features a
 * text encoder's cosine misses: coverage of the query's words, Jaccard overlap, negation violations
 * ("without sugar" against an item that has sugar) and whether the query names a field value (a brand
 * or colour).
 *
 * <p>Words are BERT-uncased {@link BasicTokenizer} tokens that contain a letter or digit, reduced by a
 * tiny plural stemmer ({@link #stem}) so that "shoes" matches "shoe". A word is negated when it follows
 * a cue ({@code without}, {@code no}, {@code not}, {@code non}) or precedes {@code free}
 * ("gluten free", "gluten-free"). Both the trainer and the plugin compute the features here, so the
 * rules need only be consistent, not linguistically complete. Thread-safe.
 */
public final class MatchFeatures {

    /** Words that negate the word after them. */
    public static final Set<String> NEGATION_PREFIXES = Set.of("without", "no", "not", "non");
    /** The word that negates the word before it. */
    public static final String NEGATION_SUFFIX = "free";

    private final BasicTokenizer tokenizer = new BasicTokenizer(true);

    /** Match features over BERT-uncased words; holds no state besides the stateless tokenizer. */
    public MatchFeatures() {
    }

    /**
     * The normalised words of a text and those of them it negates.
     *
     * @param words the words in text order
     * @param set the distinct words
     * @param negated the distinct words the text negates
     */
    public record Words(List<String> words, Set<String> set, Set<String> negated) {

        /** Makes the collections unmodifiable. */
        public Words {
            words = Collections.unmodifiableList(new ArrayList<>(words));
            set = Collections.unmodifiableSet(new LinkedHashSet<>(set));
            negated = Collections.unmodifiableSet(new LinkedHashSet<>(negated));
        }
    }

    /**
     * @param text any text (null is empty)
     * @return its normalised words
     */
    public Words words(String text) {
        List<String> words = wordList(text);
        return new Words(words, new LinkedHashSet<>(words), negatedWords(words));
    }

    /**
     * The query-and-item match values at once, without building the item's {@link Words}: the per-hit
     * path of the rescorer. Equal to {@link #queryCoverage}, {@link #jaccard} and
     * {@link #negationViolation} of {@code words(itemText)}.
     *
     * @param query the query's words
     * @param itemText the item text
     * @return coverage, Jaccard and negation violation
     */
    public ItemMatch match(Words query, String itemText) {
        List<String> words = wordList(itemText);
        Set<String> item = new HashSet<>(words);
        int common = 0;
        for (String w : query.set()) {
            if (item.contains(w)) {
                common++;
            }
        }
        double violation = 0;
        Set<String> itemNegated = null;
        for (String w : query.negated()) {
            if (item.contains(w)) {
                if (itemNegated == null) {
                    itemNegated = negatedWords(words);
                }
                if (itemNegated.contains(w) == false) {
                    violation = 1;
                    break;
                }
            }
        }
        return ItemMatch.of(query.set().size(), item.size(), common, violation);
    }

    /** Marks a negated word in {@link #itemKeywords}; BERT basic tokenisation splits it off every word. */
    public static final String NEGATED_MARK = "!";

    /**
     * What the match features need of an item text, as keywords an index can keep in doc values (so the
     * rescorer need not read {@code _source}): the distinct words, and each word the text negates
     * prefixed with {@value #NEGATED_MARK}. {@link #match(Words, String[])} on them equals
     * {@link #match(Words, String)} on the text.
     *
     * @param itemText the item text (null is empty)
     * @return the keywords, words first, in text order
     */
    public List<String> itemKeywords(String itemText) {
        List<String> words = wordList(itemText);
        List<String> out = new ArrayList<>(new LinkedHashSet<>(words));
        for (String w : negatedWords(words)) {
            out.add(NEGATED_MARK + w);
        }
        return out;
    }

    /**
     * The match values from an item's {@link #itemKeywords}, in any order, each at most once (as
     * {@code itemKeywords} and keyword doc values give them). Allocates nothing: the rescorer calls it
     * per hit.
     *
     * @param query the query's words
     * @param itemKeywords the item's distinct keywords
     * @return coverage, Jaccard and negation violation
     */
    public ItemMatch match(Words query, String[] itemKeywords) {
        int itemWords = 0;
        int common = 0;
        for (String k : itemKeywords) {
            if (k.startsWith(NEGATED_MARK) == false) {
                itemWords++;
                if (query.set().contains(k)) {
                    common++;
                }
            }
        }
        double violation = 0;
        for (String w : query.negated()) {
            if (contains(itemKeywords, w) && contains(itemKeywords, NEGATED_MARK + w) == false) {
                violation = 1;
                break;
            }
        }
        return ItemMatch.of(query.set().size(), itemWords, common, violation);
    }

    private static boolean contains(String[] values, String value) {
        for (String v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }


    /**
     * The match values of one item against a query.
     *
     * @param queryCoverage share of the query's distinct words present in the item text
     * @param jaccard Jaccard overlap of the distinct words
     * @param negationViolation 1 if the item has a word the query negates (and the item does not), else 0
     */
    public record ItemMatch(double queryCoverage, double jaccard, double negationViolation) {

        /**
         * The one formula of coverage and Jaccard from counts of distinct words, for every path that
         * counts them (item text, stored keywords, keyword ordinals in an index).
         *
         * @param querySize the query's distinct words
         * @param itemSize the item's distinct (not negated) words
         * @param common words in both
         * @param violation the negation violation, 0 or 1
         * @return the match
         */
        public static ItemMatch of(int querySize, int itemSize, int common, double violation) {
            int union = querySize + itemSize - common;
            double coverage = querySize == 0 ? 0 : (double) common / querySize;
            double jaccard = union == 0 ? 0 : (double) common / union;
            return new ItemMatch(coverage, jaccard, violation);
        }
    }

    /**
     * @param query the query's words
     * @param fieldValue a document field value (null is empty)
     * @return 1 if the value has words and every one of them occurs in the query, else 0
     */
    public double fieldInQuery(Words query, String fieldValue) {
        List<String> words = wordList(fieldValue);
        return words.isEmpty() == false && query.set().containsAll(words) ? 1 : 0;
    }

    /** The stemmed words of a text, in order. */
    List<String> wordList(String text) {
        if (text == null || text.isEmpty()) {
            return new ArrayList<>();
        }
        return isAscii(text) ? asciiWords(text) : tokenizerWords(text);
    }

    /**
     * The general path: BERT-uncased basic tokens that contain a letter or digit, stemmed.
     * // visible for testing: the ASCII fast path must give the same words
     */
    List<String> tokenizerWords(String text) {
        List<String> words = new ArrayList<>();
        for (String token : tokenizer.tokenize(text)) {
            if (hasLetterOrDigit(token)) {
                words.add(stem(token));
            }
        }
        return words;
    }

    /**
     * The ASCII fast path, equal to {@link #tokenizerWords} on ASCII text: BERT drops ASCII control
     * characters (joining their neighbours), splits on whitespace and on every other non-alphanumeric
     * character, so the tokens with a letter or digit are exactly the alphanumeric runs.
     */
    static List<String> asciiWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder(16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                word.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                word.append((char) (c + ('a' - 'A')));
            } else if ((c < 32 && c != '\t' && c != '\n' && c != '\r') || c == 127) {
                continue; // a control character vanishes without separating
            } else if (word.length() > 0) {
                words.add(stem(word.toString()));
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(stem(word.toString()));
        }
        return words;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The words negated in a word sequence: after without/no/not/non, or before free. */
    private static Set<String> negatedWords(List<String> words) {
        Set<String> negated = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (NEGATION_PREFIXES.contains(w) && i + 1 < words.size() && isCue(words.get(i + 1)) == false) {
                negated.add(words.get(i + 1));
            } else if (NEGATION_SUFFIX.equals(w) && i > 0 && isCue(words.get(i - 1)) == false) {
                negated.add(words.get(i - 1));
            }
        }
        return negated;
    }

    private static boolean hasLetterOrDigit(String token) {
        for (int i = 0; i < token.length();) {
            int cp = token.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private static boolean isCue(String word) {
        return NEGATION_PREFIXES.contains(word) || NEGATION_SUFFIX.equals(word);
    }

    /**
     * A tiny English plural stemmer that maps singular and plural to one stem (not always a word):
     * first the plural ending goes ({@code -es} after s, x, z, ch or sh: "boxes", "glasses"; else a
     * final {@code -s} unless the word ends in ss, us or is: "shoes", but not "glass", "bus", "this"),
     * then a final {@code -ie}, or {@code -y} after a consonant, becomes {@code -i}, so that "cookie" and
     * "cookies" both give "cooki", "battery" and "batteries" both "batteri". Words of 3 characters or
     * fewer are kept as they are.
     *
     * @param word a lower-case word
     * @return its stem
     */
    public static String stem(String word) {
        if (word.length() <= 3) {
            return word;
        }
        String w = word;
        if (w.endsWith("ses") || w.endsWith("xes") || w.endsWith("zes") || w.endsWith("ches") || w.endsWith("shes")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) == false) {
            w = w.substring(0, w.length() - 1);
        }
        int n = w.length();
        if (n > 3 && w.endsWith("ie")) {
            return w.substring(0, n - 1);
        }
        if (n > 3 && w.endsWith("y") && "aeiou".indexOf(w.charAt(n - 2)) < 0) {
            return w.substring(0, n - 1) + "i";
        }
        return w;
    }

    /**
     * @param query the query's words
     * @param item the item text's words
     * @return the share of the query's distinct words present in the item text (0 for a query with no words)
     */
    public static double queryCoverage(Words query, Words item) {
        if (query.set().isEmpty()) {
            return 0;
        }
        int present = 0;
        for (String w : query.set()) {
            if (item.set().contains(w)) {
                present++;
            }
        }
        return (double) present / query.set().size();
    }

    /**
     * @param query the query's words
     * @param item the item text's words
     * @return |Q intersect I| / |Q union I| of the distinct words (0 when both are empty)
     */
    public static double jaccard(Words query, Words item) {
        Set<String> union = new HashSet<>(query.set());
        union.addAll(item.set());
        if (union.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String w : query.set()) {
            if (item.set().contains(w)) {
                common++;
            }
        }
        return (double) common / union.size();
    }

    /**
     * @param query the query's words
     * @param item the item text's words
     * @return 1 if a word the query negates occurs in the item text and the item does not negate it
     *     too ("sugar free" items do not violate "without sugar"), else 0
     */
    public static double negationViolation(Words query, Words item) {
        for (String w : query.negated()) {
            if (item.set().contains(w) && item.negated().contains(w) == false) {
                return 1;
            }
        }
        return 0;
    }

    /**
     * @param query the query's words
     * @param fieldValue the document field value's words
     * @return 1 if the value has words and every one of them occurs in the query, else 0
     */
    public static double fieldInQuery(Words query, Words fieldValue) {
        if (fieldValue.set().isEmpty()) {
            return 0;
        }
        return query.set().containsAll(fieldValue.set()) ? 1 : 0;
    }
}
