package org.prectr.core.inference;

/**
 * A model failed at run time (ONNX Runtime error, a native library that cannot load, a NaN output).
 * The message names the graph file and the input or output concerned. Unchecked: callers on the
 * request path turn it into a request error; a native {@link Error} never escapes in its place.
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
