package org.prectr.eval.run;

/** One sanity check of the evaluation itself: what was checked, whether it held, the numbers behind it. */
public record SanityCheck(String name, boolean passed, String detail) {}
