package org.prectr.eval.run;

import java.util.Locale;

/**
 * One named check of a run: what was checked, whether it held, the numbers behind it.
 *
 * @param name    its key in results.json's {@code checks}
 * @param kind    {@code SANITY}: the harness itself works (a failure means the evaluation is broken);
 *                {@code GOAL}: a quality goal of the product (issue 10; a failure is a finding)
 * @param passed  whether it held; false also when a model it needs was not evaluated (the detail says so)
 * @param detail  the numbers, or what was missing
 */
public record Check(String name, Kind kind, boolean passed, String detail) {

    public enum Kind {
        SANITY, GOAL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Check sanity(String name, boolean passed, String detail) {
        return new Check(name, Kind.SANITY, passed, detail);
    }

    static Check goal(String name, boolean passed, String detail) {
        return new Check(name, Kind.GOAL, passed, detail);
    }
}
