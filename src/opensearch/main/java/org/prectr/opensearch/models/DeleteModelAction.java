package org.prectr.opensearch.models;

import java.io.IOException;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.AcknowledgedRequest;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/**
 * Deletes a stored bundle ({@code DELETE _plugins/_prectr/models/<name>}): the catalog entry first (no
 * node serves it once acknowledged), then its documents.
 */
public final class DeleteModelAction extends ActionType<AcknowledgedResponse> {

    /** The action name. */
    public static final String NAME = "cluster:admin/prectr/models/delete";

    /** The one instance. */
    public static final DeleteModelAction INSTANCE = new DeleteModelAction();

    private DeleteModelAction() {
        super(NAME, AcknowledgedResponse::new);
    }

    /** The name to delete. */
    public static final class Request extends AcknowledgedRequest<Request> {
        private final String name;

        /**
         * @param name the bundle name
         */
        public Request(String name) {
            this.name = name;
        }

        /**
         * @param in a stream written by {@link #writeTo}
         * @throws IOException on a stream error
         */
        public Request(StreamInput in) throws IOException {
            super(in);
            this.name = in.readString();
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeString(name);
        }

        /** @return the bundle name */
        public String name() {
            return name;
        }

        @Override
        public ActionRequestValidationException validate() {
            return null;
        }
    }
}
