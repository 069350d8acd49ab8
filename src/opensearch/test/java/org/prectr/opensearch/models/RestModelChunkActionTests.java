package org.prectr.opensearch.models;

import java.util.Base64;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.rest.RestRequest;
import org.opensearch.test.OpenSearchTestCase;
import org.opensearch.test.rest.FakeRestRequest;

/** The body of {@code POST _plugins/_prectr/models/<name>/_chunk}: parsed, or refused naming the field. */
public class RestModelChunkActionTests extends OpenSearchTestCase {

    private RestRequest rest(String body) {
        FakeRestRequest.Builder builder = new FakeRestRequest.Builder(xContentRegistry()).withMethod(RestRequest.Method.POST)
            .withPath("/_plugins/_prectr/models/x/_chunk");
        if (body != null) {
            builder.withContent(new BytesArray(body), XContentType.JSON);
        }
        return builder.build();
    }

    private String failure(String body) {
        return expectThrows(IllegalArgumentException.class, () -> RestModelChunkAction.parse("x", rest(body))).getMessage();
    }

    public void testParsesAChunk() throws Exception {
        String data = Base64.getEncoder().encodeToString(new byte[] {7, 8, 9});
        PutModelChunkAction.Request chunk = RestModelChunkAction.parse("x",
            rest("{\"upload_id\": \"u-1\", \"index\": 2, \"total\": 5, \"data\": \"" + data + "\"}"));
        assertEquals("x", chunk.name());
        assertEquals("u-1", chunk.uploadId());
        assertEquals(2, chunk.index());
        assertEquals(5, chunk.total());
        assertArrayEquals(new byte[] {7, 8, 9}, BytesReference.toBytes(chunk.data()));
    }

    public void testRefusesBadBodies() {
        String body = RestModelChunkAction.BODY;
        assertEquals("a chunk must have a body " + body, failure(null));
        assertEquals("a chunk's body must be an object " + body, failure("[1]"));
        assertEquals("unknown field [bundle]; a chunk's body is " + body, failure("{\"bundle\": \"AA==\"}"));
        assertEquals("[upload_id] must be given: a chunk's body is " + body, failure("{\"index\": 0, \"total\": 1, \"data\": \"AA==\"}"));
        assertEquals("[index] must be given: a chunk's body is " + body, failure("{\"upload_id\": \"u\", \"total\": 1, \"data\": \"AA==\"}"));
        assertEquals("[total] must be given: a chunk's body is " + body, failure("{\"upload_id\": \"u\", \"index\": 0, \"data\": \"AA==\"}"));
        assertEquals("[data] must be given: a chunk's body is " + body, failure("{\"upload_id\": \"u\", \"index\": 0, \"total\": 1}"));
        assertTrue(failure("{\"upload_id\": \"u\", \"index\": 0, \"total\": 1, \"data\": \"%%%\"}").startsWith("[data] must be base64 but was not: "));
        // integers are not truncated (1.5 used to be chunk 1)
        assertEquals("[index] must be an integer but was [1.5]", failure("{\"upload_id\": \"u\", \"index\": 1.5, \"total\": 3, \"data\": \"AA==\"}"));
        assertEquals("[total] must be an integer but was [2.5]", failure("{\"upload_id\": \"u\", \"index\": 1, \"total\": 2.5, \"data\": \"AA==\"}"));
        assertEquals("[index] must be an integer but was [one]", failure("{\"upload_id\": \"u\", \"index\": \"one\", \"total\": 2, \"data\": \"AA==\"}"));
    }
}
