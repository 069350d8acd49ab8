package org.prectr.opensearch.models;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchIntegTestCase;

/**
 * Chunked upload on a 2-node cluster with real ONNX Runtime: a bundle sent in chunks (through the node
 * that is not the cluster manager, out of order) becomes visible only with its last chunk, is the same
 * entry as a one-request upload would make, and serves the same scores; a bad bundle sent in chunks is
 * refused with the one-request message and leaves no document, no catalog entry and no staged chunk.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class ModelChunkUploadTests extends ModelStoreTestCase {

    private static PutModelChunkAction.Response chunk(String name, String uploadId, int index, int total, byte[] data) {
        return client().execute(PutModelChunkAction.INSTANCE,
            new PutModelChunkAction.Request(name, uploadId, index, total, new BytesArray(data))).actionGet();
    }

    private static byte[][] split(byte[] zip, int parts) {
        byte[][] out = new byte[parts][];
        int size = (zip.length + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            out[i] = Arrays.copyOfRange(zip, Math.min(zip.length, i * size), Math.min(zip.length, (i + 1) * size));
        }
        return out;
    }

    private void assertNothingStaged() {
        for (TransportPutModelChunkAction action : internalCluster().getInstances(TransportPutModelChunkAction.class)) {
            assertEquals(List.of(), action.staging().inProgress());
        }
    }

    public void testChunkedUploadIsTheSameAsOneRequestAndABadOneLeavesNothing() throws Exception {
        indexProducts(0);
        byte[] zip = TestBundles.zip(TestBundles.standard(createTempDir(), "chunked"));
        byte[][] parts = split(zip, 3);
        PutModelChunkAction.Response first = chunk("chunked", "up-1", 2, 3, parts[2]);
        assertEquals(1, first.received());
        assertNull(first.stored());
        assertEquals(2, chunk("chunked", "up-1", 0, 3, parts[0]).received());
        assertNull("invisible until the last chunk", catalog().get("chunked"));
        assertStoreMatchesCatalog();

        PutModelChunkAction.Response last = chunk("chunked", "up-1", 1, 3, parts[1]);
        assertEquals(3, last.received());
        assertEquals("created", last.stored().result());
        StoredModel entry = catalog().get("chunked");
        assertEquals(last.stored().model(), entry);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip)), entry.sha256());
        assertEquals(zip.length, entry.sizeBytes());
        assertNothingStaged();
        assertStoreMatchesCatalog();

        // the same bytes in one request: a noop, and the same scores as a one-request upload of the same bundle
        assertEquals("noop", put(client(), "chunked", zip).result());
        assertEquals("created", put(client(), "whole", TestBundles.zip(TestBundles.standard(createTempDir(), "whole"))).result());
        assertEquals(hits(search(client(), "whole")), hits(search(client(), "chunked")));

        // one test method: the test framework wipes the system index between tests but not the catalog
        badBundleInChunksLeavesNothing();
    }

    private void badBundleInChunksLeavesNothing() throws Exception {
        Path dir = TestBundles.standard(createTempDir(), "broken");
        byte[] zip = TestBundles.zip(dir);
        byte[] truncated = Arrays.copyOf(zip, zip.length / 2);
        byte[][] parts = split(truncated, 2);
        ModelsMetadata before = catalog();
        chunk("broken", "up-2", 0, 2, parts[0]);
        Exception e = expectThrows(Exception.class, () -> chunk("broken", "up-2", 1, 2, parts[1]));
        assertTrue(message(e, RestStatus.BAD_REQUEST), message(e, RestStatus.BAD_REQUEST).startsWith(
            "[bundle] [broken] is not a readable zip archive: "));
        assertEquals(before, catalog());
        assertNull(catalog().get("broken"));
        assertNothingStaged();
        assertStoreMatchesCatalog();

        // a bad chunk is refused before anything is staged; the name is checked as for a one-request upload
        Exception badName = expectThrows(Exception.class, () -> chunk("../x", "up-3", 0, 2, parts[0]));
        assertEquals("[name] must match [" + org.prectr.core.bundle.BundleNames.PATTERN.pattern() + "] without [..] but was [../x]",
            message(badName, RestStatus.BAD_REQUEST));
        Exception badIndex = expectThrows(Exception.class, () -> chunk("broken", "up-3", 5, 2, parts[0]));
        assertEquals("[index] must be in [0, 1] but was [5]", message(badIndex, RestStatus.BAD_REQUEST));
        assertNothingStaged();
        assertEquals("the stored bundles keep serving", hits(search(client(), "whole")), hits(search(client(), "chunked")));
    }
}
