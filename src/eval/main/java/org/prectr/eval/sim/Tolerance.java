package org.prectr.eval.sim;

/**
 * A simulated user's personal relevance tolerance: how much a product of each ESCI grade is worth to
 * them. This is the preference PRECTR's personalised relevance incentive is meant to learn.
 *
 * <p>Rule (documented in docs/evaluation.md): a STRICT user accepts only exact matches (every other
 * grade, and ungraded products, have acceptance 0, and strict users never misclick), a MODERATE user
 * also takes some substitutes, a LENIENT user substitutes and complements.
 */
public enum Tolerance {
    STRICT(0.0, 0.0, 0.0, 1.0),
    MODERATE(0.0, 0.2, 0.6, 1.0),
    LENIENT(0.0, 0.6, 1.0, 1.0);

    private final double[] acceptance;

    Tolerance(double irrelevant, double complement, double substitute, double exact) {
        this.acceptance = new double[] {irrelevant, complement, substitute, exact};
    }

    /** Acceptance of a grade (0..3); an ungraded product (-1) counts as irrelevant. */
    public double acceptance(int grade) {
        return grade < 0 ? acceptance[0] : acceptance[grade];
    }

    /** Whether this user may click by mistake (everyone but strict users). */
    public boolean misclicks() {
        return this != STRICT;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
