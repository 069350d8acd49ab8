package org.prectr.opensearch.models;

import java.io.IOException;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.AcknowledgedRequest;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * Uploads a bundle zip under a name ({@code PUT _plugins/_prectr/models/<name>}). Runs on the cluster
 * manager, which validates, stores and publishes it (see {@link TransportPutModelAction}).
 */
public final class PutModelAction extends ActionType<PutModelAction.Response> {

    /** The action name, a permission of its own for the security plugin. */
    public static final String NAME = "cluster:admin/prectr/models/put";

    /** The one instance. */
    public static final PutModelAction INSTANCE = new PutModelAction();

    private PutModelAction() {
        super(NAME, Response::new);
    }

    /** The upload: a name and the zip's bytes. */
    public static final class Request extends AcknowledgedRequest<Request> {
        private final String name;
        private final BytesReference bundle;

        /**
         * @param name the bundle name
         * @param bundle the zip's bytes
         */
        public Request(String name, BytesReference bundle) {
            this.name = name;
            this.bundle = bundle;
        }

        /**
         * @param in a stream written by {@link #writeTo}
         * @throws IOException on a stream error
         */
        public Request(StreamInput in) throws IOException {
            super(in);
            this.name = in.readString();
            this.bundle = in.readBytesReference();
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeString(name);
            out.writeBytesReference(bundle);
        }

        /** @return the bundle name */
        public String name() {
            return name;
        }

        /** @return the zip's bytes */
        public BytesReference bundle() {
            return bundle;
        }

        @Override
        public ActionRequestValidationException validate() {
            return null;
        }
    }

    /** What was stored. */
    public static final class Response extends ActionResponse implements ToXContentObject {
        private final StoredModel model;
        private final String result;

        /**
         * @param model the catalog entry now current
         * @param result {@code created}, {@code updated}, {@code noop} (the same bytes were already current and
         *     stored intact) or {@code repaired} (the same bytes, whose stored documents were missing or damaged, written again)
         */
        public Response(StoredModel model, String result) {
            this.model = model;
            this.result = result;
        }

        /**
         * @param in a stream written by {@link #writeTo}
         * @throws IOException on a stream error
         */
        public Response(StreamInput in) throws IOException {
            this(new StoredModel(in), in.readString());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            model.writeTo(out);
            out.writeString(result);
        }

        /** @return the catalog entry */
        public StoredModel model() {
            return model;
        }

        /** @return created, updated, noop or repaired */
        public String result() {
            return result;
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            return builder.startObject().field("result", result).field("model").value(model).endObject();
        }
    }
}
