package org.prectr.core.bundle;

/**
 * A model bundle that cannot be served: the message names the bundle file, what was expected and what
 * was found, e.g. {@code [manifest.json] format_version: expected [1] but found [2]}. Checked, because
 * a caller that loads bundles (the plugin's registry) must decide to refuse one bundle and keep serving
 * the others.
 */
public class InvalidBundleException extends Exception {

    private final String file;

    /**
     * @param file the bundle-relative file name, e.g. {@code manifest.json}
     * @param detail what is wrong, e.g. {@code seed: expected [an integer] but found [4.5]}
     */
    public InvalidBundleException(String file, String detail) {
        this(file, detail, null);
    }

    /**
     * @param file the bundle-relative file name
     * @param detail what is wrong
     * @param cause the underlying failure, or null
     */
    public InvalidBundleException(String file, String detail, Throwable cause) {
        super("[" + file + "] " + detail, cause);
        this.file = file;
    }

    /**
     * Builds the usual "field: expected [..] but found [..]" message.
     *
     * @param file the bundle-relative file name
     * @param field the JSON path of the field, e.g. {@code features[3].std}
     * @param expected what a valid bundle has there
     * @param found what this bundle has there
     * @return the exception
     */
    public static InvalidBundleException expected(String file, String field, Object expected, Object found) {
        return new InvalidBundleException(file, field + ": expected [" + expected + "] but found [" + found + "]");
    }

    /** @return the bundle-relative file the problem is in */
    public String file() {
        return file;
    }
}
