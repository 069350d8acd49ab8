package org.prectr.core.data;

/**
 * The four ordinal ESCI relevance grades (0 irrelevant, 1 complement, 2 substitute, 3 exact), their
 * gains and their Search Relevance Workbench ratings: the one home of grades for the trainer, the
 * evaluation and the benchmarks.
 *
 * <p>Judgment files hold ESCI's ratings 100 / 10 / 1 / 0 (100 times the ESCI paper's gains). Only those
 * four are grades: an ordinal {@code 2} or {@code 3} in a rating field is refused, because the trainer
 * always refused it and the same file must give the same judgments in training and in evaluation.
 * Ints stay the currency of grade arrays ({@code -1} = ungraded); the static helpers take them and
 * refuse anything outside [0, 3].
 */
public enum EsciGrade {
    IRRELEVANT("I", 0.0, 0),
    COMPLEMENT("C", 0.01, 1),
    SUBSTITUTE("S", 0.1, 10),
    EXACT("E", 1.0, 100);

    /** Number of grades, k. */
    public static final int COUNT = 4;

    private static final EsciGrade[] BY_GRADE = values();

    private final String letter;
    private final double gain;
    private final int rating;

    EsciGrade(String letter, double gain, int rating) {
        this.letter = letter;
        this.gain = gain;
        this.rating = rating;
    }

    /** @return the ordinal grade, 0..3 */
    public int grade() {
        return ordinal();
    }

    /** @return the ESCI paper's gain: E 1, S 0.1, C 0.01, I 0 */
    public double gain() {
        return gain;
    }

    /** @return the exponential gain 2^g - 1 */
    public double exponentialGain() {
        return (1 << ordinal()) - 1;
    }

    /** @return the one-letter ESCI name (E, S, C, I) */
    public String letter() {
        return letter;
    }

    /** @return the rating text a judgment file holds for this grade, e.g. {@code "100.000"} */
    public String rating() {
        return rating + ".000";
    }

    /**
     * @param grade an ordinal grade
     * @return its value
     * @throws IllegalArgumentException naming {@code grade} when it is outside [0, 3]
     */
    public static EsciGrade of(int grade) {
        if (grade < 0 || grade >= COUNT) {
            throw new IllegalArgumentException("[grade] must be in [0, 3] but was [" + grade + "]");
        }
        return BY_GRADE[grade];
    }

    /**
     * @param rating a judgment file's rating text, e.g. {@code "100.000"}
     * @return its grade: 100 / 10 / 1 / 0 are E / S / C / I
     * @throws IllegalArgumentException naming {@code rating} when it is not one of those four numbers
     */
    public static EsciGrade fromRating(String rating) {
        double value;
        try {
            value = Double.parseDouble(rating);
        } catch (NumberFormatException | NullPointerException e) {
            value = Double.NaN;
        }
        for (EsciGrade g : BY_GRADE) {
            if (value == g.rating) {
                return g;
            }
        }
        throw new IllegalArgumentException("[rating] must be one of [100, 10, 1, 0] but was [" + rating + "]");
    }

    /** @return the ESCI gain of an ordinal grade; throws outside [0, 3] */
    public static double gain(int grade) {
        return of(grade).gain;
    }

    /** @return the exponential gain 2^g - 1 of an ordinal grade; throws outside [0, 3] */
    public static double exponentialGain(int grade) {
        return of(grade).exponentialGain();
    }

    /** @return the one-letter name of an ordinal grade; throws outside [0, 3] */
    public static String letter(int grade) {
        return of(grade).letter;
    }

    /**
     * The gain table the trainer's losses, its expected-gain score and its validation NDCG use.
     *
     * @param grades k, at least 2
     * @return the gain of each grade: ESCI's 0, 0.01, 0.1, 1 for k = 4, else (2^i - 1) / (2^(k-1) - 1)
     */
    public static float[] gains(int grades) {
        if (grades < 2) {
            throw new IllegalArgumentException("[grades] must be at least [2] but was [" + grades + "]");
        }
        float[] out = new float[grades];
        for (int i = 0; i < grades; i++) {
            out[i] = grades == COUNT ? (float) BY_GRADE[i].gain : (float) ((Math.pow(2, i) - 1) / (Math.pow(2, grades - 1) - 1));
        }
        return out;
    }
}
