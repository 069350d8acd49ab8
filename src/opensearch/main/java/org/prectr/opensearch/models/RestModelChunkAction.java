package org.prectr.opensearch.models;

import java.io.IOException;
import java.util.List;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.xcontent.XContentParser;
import org.prectr.core.text.TextBounds;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/**
 * {@code POST _plugins/_prectr/models/<name>/_chunk} with
 * {@code {"upload_id": "<id>", "index": <i>, "total": <n>, "data": "<base64 of chunk i>"}}: one chunk of a
 * chunked upload (see {@link PutModelChunkAction}).
 */
public final class RestModelChunkAction extends BaseRestHandler {

    /** What the body must look like, for error messages. */
    static final String BODY = "{\"upload_id\": \"<id>\", \"index\": <i>, \"total\": <n>, \"data\": \"<base64 of chunk i>\"}";

    @Override
    public String getName() {
        return "prectr_model_chunk";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, "/_plugins/_prectr/models/{name}/_chunk"),
            new Route(RestRequest.Method.PUT, "/_plugins/_prectr/models/{name}/_chunk"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        PutModelChunkAction.Request chunk = parse(request.param("name"), request);
        return channel -> client.execute(PutModelChunkAction.INSTANCE, chunk, new RestToXContentListener<>(channel));
    }

    static PutModelChunkAction.Request parse(String name, RestRequest request) throws IOException {
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("a chunk must have a body " + BODY);
        }
        String uploadId = null;
        Integer index = null;
        Integer total = null;
        byte[] data = null;
        try (XContentParser parser = request.contentParser()) {
            if (parser.nextToken() != XContentParser.Token.START_OBJECT) {
                throw new IllegalArgumentException("a chunk's body must be an object " + BODY);
            }
            while (parser.nextToken() == XContentParser.Token.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "upload_id" -> uploadId = parser.text();
                    case "index" -> index = TextBounds.requireInt("[index]", number(parser));
                    case "total" -> total = TextBounds.requireInt("[total]", number(parser));
                    case "data" -> {
                        try {
                            data = parser.binaryValue();
                        } catch (RuntimeException | IOException e) {
                            throw new IllegalArgumentException("[data] must be base64 but was not: " + e.getMessage(), e);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown field [" + field + "]; a chunk's body is " + BODY);
                }
            }
        }
        for (var required : List.of(new Object[] {"upload_id", uploadId}, new Object[] {"index", index}, new Object[] {"total", total},
            new Object[] {"data", data})) {
            if (required[1] == null) {
                throw new IllegalArgumentException("[" + required[0] + "] must be given: a chunk's body is " + BODY);
            }
        }
        return new PutModelChunkAction.Request(name, uploadId, index, total, new BytesArray(data));
    }

    /** The number as sent (1.5 stays 1.5, to be refused, not truncated), or its text. */
    private static Object number(XContentParser parser) throws IOException {
        return parser.currentToken() == XContentParser.Token.VALUE_NUMBER ? parser.numberValue() : parser.text();
    }
}
