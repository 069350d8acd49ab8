package org.prectr.core.inference;

/**
 * The model itself failed at run time (ONNX Runtime error, a native library that cannot load, an
 * output of the wrong size, a query embedding that is not finite): the typed counterpart of a request
 * error ({@link IllegalArgumentException}). The message names the graph file and the input or output
 * concerned. Unchecked: a server on the request path reports it as a server-side (500-class) failure,
 * never as a client error; a native {@link Error} never escapes in its place. A single row whose outputs
 * are not finite is not a failure of the model ({@link WindowScores#isFinite(int)}).
 */
public class InferenceException extends RuntimeException {

    /**
     * @param message names the graph and what failed
     * @param cause the underlying failure, or null
     */
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message names the graph and what failed
     */
    public InferenceException(String message) {
        super(message);
    }
}
