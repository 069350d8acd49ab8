package org.prectr.core.bundle;

import java.util.regex.Pattern;

/**
 * Bundle name validation. A bundle name becomes a folder name under the model directory, so it must
 * never reach outside it: the pattern admits no path separator, and {@code ..} is refused explicitly
 * (the pattern alone would admit {@code a..b}, which is harmless but confusing, and {@code ..x}
 * cannot start with a dot anyway).
 */
public final class BundleNames {

    /** Valid bundle names: {@code [a-z0-9][a-z0-9._-]{0,63}}. */
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private BundleNames() {}

    /**
     * @param name a candidate bundle name
     * @return whether it is a valid bundle name
     */
    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches() && name.contains("..") == false;
    }

    /**
     * @param field the request or manifest field the name came from, e.g. {@code model}
     * @param name a candidate bundle name
     * @return the name, when valid
     * @throws IllegalArgumentException
     *     {@code [model] must match [a-z0-9][a-z0-9._-]{0,63} without [..] but was [../etc]}
     */
    public static String validate(String field, String name) {
        if (isValid(name) == false) {
            throw new IllegalArgumentException("[" + field + "] must match [" + PATTERN.pattern()
                + "] without [..] but was [" + name + "]");
        }
        return name;
    }
}
