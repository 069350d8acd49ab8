package org.prectr.eval.data;

/**
 * The four ordinal ESCI relevance grades (0 irrelevant, 1 complement, 2 substitute, 3 exact) and the
 * mapping from a Search Relevance Workbench rating to a grade.
 *
 * <p>ESCI-150 stores ratings as 100 / 10 / 1 / 0 (100x the ESCI paper's gains); other judgment files
 * may already use ordinal grades 0..3. Both are accepted so the harness runs on any such file.
 */
public final class EsciGrade {
    public static final int IRRELEVANT = 0;
    public static final int COMPLEMENT = 1;
    public static final int SUBSTITUTE = 2;
    public static final int EXACT = 3;
    /** Number of grades, k. */
    public static final int COUNT = 4;

    private static final double[] ESCI_GAINS = {0.0, 0.01, 0.1, 1.0};
    private static final String[] LETTERS = {"I", "C", "S", "E"};

    private EsciGrade() {}

    /**
     * Maps a rating string to a grade: 100/10/1/0 are ESCI E/S/C/I; otherwise an integer 0..3 is taken
     * as the grade itself (3 = exact).
     */
    public static int fromRating(String rating) {
        double value;
        try {
            value = Double.parseDouble(rating.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[rating] must be a number but was [" + rating + "]", e);
        }
        if (value == 100.0) return EXACT;
        if (value == 10.0) return SUBSTITUTE;
        if (value == 1.0) return COMPLEMENT;
        if (value == 0.0) return IRRELEVANT;
        if (value == 2.0 || value == 3.0) return (int) value;
        throw new IllegalArgumentException("[rating] must be one of 100, 10, 1, 0 (ESCI) or a grade in [0, 3] but was [" + rating + "]");
    }

    /** The ESCI paper's gain of a grade: E 1, S 0.1, C 0.01, I 0. */
    public static double esciGain(int grade) {
        return ESCI_GAINS[check(grade)];
    }

    /** The exponential gain 2^g - 1. */
    public static double exponentialGain(int grade) {
        return (1 << check(grade)) - 1;
    }

    /** One-letter ESCI name of a grade (E, S, C, I). */
    public static String letter(int grade) {
        return LETTERS[check(grade)];
    }

    private static int check(int grade) {
        if (grade < 0 || grade >= COUNT) {
            throw new IllegalArgumentException("[grade] must be in [0, 3] but was [" + grade + "]");
        }
        return grade;
    }
}
