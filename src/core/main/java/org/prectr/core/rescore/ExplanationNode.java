package org.prectr.core.rescore;

import java.util.List;

/**
 * An engine-neutral explanation tree: each plugin turns it into its engine's (Lucene) explanation
 * one node for one node, so that both engines explain a hit with the same values and words.
 *
 * @param value the node's value
 * @param description what the value is
 * @param details the node's parts
 */
public record ExplanationNode(float value, String description, List<ExplanationNode> details) {

    /** Copies the details. */
    public ExplanationNode {
        details = List.copyOf(details);
    }

    /**
     * @param value the value
     * @param description what it is
     * @param details its parts
     * @return the node
     */
    public static ExplanationNode of(float value, String description, ExplanationNode... details) {
        return new ExplanationNode(value, description, List.of(details));
    }
}
