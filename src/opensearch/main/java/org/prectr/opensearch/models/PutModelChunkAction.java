package org.prectr.opensearch.models;

import java.io.IOException;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.ClusterManagerNodeRequest;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * One chunk of a chunked upload ({@code POST _plugins/_prectr/models/<name>/_chunk}), for bundles too
 * large for one request. Runs on the cluster manager, which stages the chunks (see {@link UploadStaging})
 * and, when the last missing chunk arrives, hands the assembled zip to the ordinary upload
 * ({@link PutModelAction}): the same validation, store and publication, the same answer.
 */
public final class PutModelChunkAction extends ActionType<PutModelChunkAction.Response> {

    /** The action name, a permission of its own (covered by {@code cluster:admin/prectr/models/*}). */
    public static final String NAME = "cluster:admin/prectr/models/put_chunk";

    /** The one instance. */
    public static final PutModelChunkAction INSTANCE = new PutModelChunkAction();

    private PutModelChunkAction() {
        super(NAME, Response::new);
    }

    /** A chunk: the bundle name, the client's upload id, its position, the chunk count and the bytes. */
    public static final class Request extends ClusterManagerNodeRequest<Request> {
        private final String name;
        private final String uploadId;
        private final int index;
        private final int total;
        private final BytesReference data;

        /**
         * @param name the bundle name
         * @param uploadId the client's id of the upload, the same in all its chunks
         * @param index the chunk's position, from 0
         * @param total the upload's chunk count
         * @param data the chunk's bytes: the zip is the concatenation of the chunks in index order
         */
        public Request(String name, String uploadId, int index, int total, BytesReference data) {
            this.name = name;
            this.uploadId = uploadId;
            this.index = index;
            this.total = total;
            this.data = data;
        }

        /**
         * @param in a stream written by {@link #writeTo}
         * @throws IOException on a stream error
         */
        public Request(StreamInput in) throws IOException {
            super(in);
            this.name = in.readString();
            this.uploadId = in.readOptionalString();
            this.index = in.readVInt();
            this.total = in.readVInt();
            this.data = in.readOptionalBytesReference();
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeString(name);
            out.writeOptionalString(uploadId);
            out.writeVInt(index);
            out.writeVInt(total);
            out.writeOptionalBytesReference(data);
        }

        /** @return the bundle name */
        public String name() {
            return name;
        }

        /** @return the upload id */
        public String uploadId() {
            return uploadId;
        }

        /** @return the chunk's position */
        public int index() {
            return index;
        }

        /** @return the chunk count */
        public int total() {
            return total;
        }

        /** @return the chunk's bytes */
        public BytesReference data() {
            return data;
        }

        @Override
        public ActionRequestValidationException validate() {
            return null;
        }
    }

    /** The upload's progress; with the upload's result once the last chunk was stored. */
    public static final class Response extends ActionResponse implements ToXContentObject {
        private final String uploadId;
        private final int received;
        private final int total;
        private final PutModelAction.Response stored;

        /**
         * @param uploadId the upload id
         * @param received chunks staged so far
         * @param total the upload's chunk count
         * @param stored the upload's result when complete, else null
         */
        public Response(String uploadId, int received, int total, PutModelAction.Response stored) {
            this.uploadId = uploadId;
            this.received = received;
            this.total = total;
            this.stored = stored;
        }

        /**
         * @param in a stream written by {@link #writeTo}
         * @throws IOException on a stream error
         */
        public Response(StreamInput in) throws IOException {
            this(in.readString(), in.readVInt(), in.readVInt(), in.readOptionalWriteable(PutModelAction.Response::new));
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeString(uploadId);
            out.writeVInt(received);
            out.writeVInt(total);
            out.writeOptionalWriteable(stored);
        }

        /** @return chunks staged so far */
        public int received() {
            return received;
        }

        /** @return the upload's result, or null while chunks are missing */
        public PutModelAction.Response stored() {
            return stored;
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            builder.startObject().field("upload_id", uploadId).field("received", received).field("total", total);
            if (stored != null) {
                builder.field("result", stored.result()).field("model").value(stored.model());
            }
            return builder.endObject();
        }
    }
}
