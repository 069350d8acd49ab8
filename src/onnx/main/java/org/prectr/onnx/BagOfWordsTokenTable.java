package org.prectr.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SplittableRandom;
import org.prectr.core.text.Vocabulary;

/**
 * The token vectors of the deterministic bag-of-words text encoder: one seeded pseudo-random vector
 * per vocabulary token, so that equal words always get equal vectors and the cosine of two mean-pooled
 * texts measures their word overlap.
 *
 * <p>A token's vector depends only on the seed and the token's text (a 64-bit FNV-1a hash seeds a
 * {@link SplittableRandom}; components are uniform in [-1, 1)), not on its id, so it is stable across
 * vocabulary orders and JDKs. Tokens that carry no meaning for matching get the zero vector, which
 * takes them out of the mean's direction: special tokens ({@code [CLS]}, {@code [PAD]}, ... every
 * {@code [...]} token), single punctuation characters and a short list of English stop words. Negation
 * words ("without", "no", "not", "free", "non") keep their vectors; negation is the match features' job.
 */
public final class BagOfWordsTokenTable {

    /** Words with no vector: they are in most titles and would make unrelated texts look similar. */
    public static final Set<String> STOP_WORDS = Set.of(
        "a", "an", "the", "and", "or", "for", "of", "in", "on", "to", "with", "by", "at", "from", "as", "is", "&");

    private BagOfWordsTokenTable() {}

    /**
     * @param vocabulary the WordPiece vocabulary (line number = token id)
     * @param dim        the vector size D
     * @param seed       the generator seed
     * @return the row-major [vocabulary.size(), dim] table
     */
    public static float[] build(Vocabulary vocabulary, int dim, long seed) {
        if (dim < 1) {
            throw new IllegalArgumentException("[dim] must be at least [1] but was [" + dim + "]");
        }
        float[] table = new float[vocabulary.size() * dim];
        for (int id = 0; id < vocabulary.size(); id++) {
            String token = vocabulary.token(id);
            if (hasVector(token)) {
                SplittableRandom random = new SplittableRandom(seed ^ fnv1a64(token));
                for (int j = 0; j < dim; j++) {
                    table[id * dim + j] = (float) (2 * random.nextDouble() - 1);
                }
            }
        }
        return table;
    }

    /**
     * @param token a vocabulary token
     * @return false for tokens that get the zero vector (special, punctuation, stop words)
     */
    public static boolean hasVector(String token) {
        if (token.startsWith("[") && token.endsWith("]")) {
            return false;
        }
        if (token.length() == 1 && !Character.isLetterOrDigit(token.charAt(0))) {
            return false;
        }
        return !STOP_WORDS.contains(token);
    }

    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
