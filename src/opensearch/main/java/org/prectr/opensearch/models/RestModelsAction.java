package org.prectr.opensearch.models;

import java.io.IOException;
import java.util.List;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/**
 * The model management REST API (docs/reliability.md):
 * <pre>
 * PUT    _plugins/_prectr/models/&lt;name&gt;   {"bundle": "&lt;base64 zip&gt;"}   upload (create or replace)
 * GET    _plugins/_prectr/models/&lt;name&gt;                              entry, manifest, per-node load status
 * GET    _plugins/_prectr/models                                     list
 * DELETE _plugins/_prectr/models/&lt;name&gt;
 * </pre>
 * OpenSearch 3.8 accepts only XContent request bodies (JSON, SMILE, CBOR, YAML; anything else is a 406
 * before a handler runs), so the zip travels as the binary field {@code bundle}: base64 in JSON, raw
 * bytes in SMILE or CBOR.
 */
public final class RestModelsAction extends BaseRestHandler {

    private static final String BASE = "/_plugins/_prectr/models";

    @Override
    public String getName() {
        return "prectr_models";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.PUT, BASE + "/{name}"), new Route(RestRequest.Method.POST, BASE + "/{name}"),
            new Route(RestRequest.Method.GET, BASE + "/{name}"), new Route(RestRequest.Method.GET, BASE),
            new Route(RestRequest.Method.DELETE, BASE + "/{name}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String name = request.param("name");
        switch (request.method()) {
            case PUT, POST -> {
                PutModelAction.Request put = new PutModelAction.Request(name, parseBundle(request));
                return channel -> client.execute(PutModelAction.INSTANCE, put, new RestToXContentListener<>(channel));
            }
            case DELETE -> {
                DeleteModelAction.Request delete = new DeleteModelAction.Request(name);
                return channel -> client.execute(DeleteModelAction.INSTANCE, delete, new RestToXContentListener<>(channel));
            }
            default -> {
                GetModelsAction action = name == null ? GetModelsAction.LIST : GetModelsAction.GET;
                return channel -> client.execute(action, new GetModelsAction.Request(name), new RestToXContentListener<>(channel));
            }
        }
    }

    /**
     * @param request the upload request
     * @return the zip bytes of its {@code bundle} field
     * @throws IllegalArgumentException naming the field when the body is not {@code {"bundle": <binary>}}
     */
    static BytesReference parseBundle(RestRequest request) throws IOException {
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[bundle] must be given: the body is {\"bundle\": \"<base64 of the bundle zip>\"}");
        }
        byte[] bundle = null;
        try (XContentParser parser = request.contentParser()) {
            if (parser.nextToken() != XContentParser.Token.START_OBJECT) {
                throw new IllegalArgumentException("[bundle] the body must be an object {\"bundle\": \"<base64 zip>\"}");
            }
            while (parser.nextToken() == XContentParser.Token.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("bundle".equals(field) == false) {
                    throw new IllegalArgumentException("unknown field [" + field + "]; the body is {\"bundle\": \"<base64 zip>\"}");
                }
                try {
                    bundle = parser.binaryValue();
                } catch (RuntimeException | IOException e) {
                    throw new IllegalArgumentException("[bundle] must be the base64 of a zip but was not: " + e.getMessage(), e);
                }
            }
        }
        if (bundle == null || bundle.length == 0) {
            throw new IllegalArgumentException("[bundle] must be given: the body is {\"bundle\": \"<base64 of the bundle zip>\"}");
        }
        return new BytesArray(bundle);
    }
}
