package org.prectr.opensearch.models;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchTestCase;

/**
 * Staging of chunked uploads on a real temporary folder with a hand-driven clock: chunks in any order
 * assemble to the original bytes; bad chunks are refused with messages naming the field; an upload over
 * the limit, a completed one and an abandoned (expired) one leave no file behind. The tests count the
 * files in the folder, so the test framework's ExtrasFS (which adds random extra files) is off.
 */
@LuceneTestCase.SuppressFileSystems("ExtrasFS")
public class UploadStagingTests extends OpenSearchTestCase {

    private static final ByteSizeValue LIMIT = new ByteSizeValue(20);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.equals(root) == false).count();
        }
    }

    public void testChunksInAnyOrderAssembleAndLeaveNothing() throws Exception {
        Path root = createTempDir();
        UploadStaging staging = new UploadStaging(root, () -> 0);
        assertNull(staging.add("m", "u1", 2, 3, bytes("ghi"), LIMIT).zip());
        UploadStaging.Progress second = staging.add("m", "u1", 0, 3, bytes("abc"), LIMIT);
        assertEquals(2, second.received());
        assertNull(second.zip());
        assertEquals(List.of("u1"), staging.inProgress());
        assertTrue(files(root) > 0);
        UploadStaging.Progress done = staging.add("m", "u1", 1, 3, bytes("def"), LIMIT);
        assertEquals(3, done.received());
        assertEquals("abcdefghi", new String(done.zip(), StandardCharsets.UTF_8));
        assertEquals(List.of(), staging.inProgress());
        assertEquals("no staged file left", 0, files(root));
    }

    public void testBadChunksAreRefusedNamingTheField() throws Exception {
        UploadStaging staging = new UploadStaging(createTempDir(), () -> 0);
        assertEquals("[upload_id] must match [[A-Za-z0-9_-]{1,64}] but was [../x]",
            expectThrows(IllegalArgumentException.class, () -> staging.add("m", "../x", 0, 2, bytes("a"), LIMIT)).getMessage());
        assertEquals("[total] must be in [1, 10000] but was [0]",
            expectThrows(IllegalArgumentException.class, () -> staging.add("m", "u", 0, 0, bytes("a"), LIMIT)).getMessage());
        assertEquals("[index] must be in [0, 1] but was [2]",
            expectThrows(IllegalArgumentException.class, () -> staging.add("m", "u", 2, 2, bytes("a"), LIMIT)).getMessage());
        assertEquals("[data] must be given: the base64 of a part of the bundle zip",
            expectThrows(IllegalArgumentException.class, () -> staging.add("m", "u", 0, 2, new byte[0], LIMIT)).getMessage());
        staging.add("m", "u", 0, 2, bytes("a"), LIMIT);
        assertEquals("[upload_id] [u] is an upload of model [m], not [n]",
            expectThrows(IllegalArgumentException.class, () -> staging.add("n", "u", 1, 2, bytes("b"), LIMIT)).getMessage());
        assertEquals("[total] must be [2] as in the upload's first chunk but was [3]",
            expectThrows(IllegalArgumentException.class, () -> staging.add("m", "u", 1, 3, bytes("b"), LIMIT)).getMessage());
        assertEquals("[index] [0] of upload [u] was already received",
            expectThrows(IllegalArgumentException.class, () -> staging.add("m", "u", 0, 2, bytes("a"), LIMIT)).getMessage());
        assertEquals("the upload survives refused chunks", "ab", new String(staging.add("m", "u", 1, 2, bytes("b"), LIMIT).zip(),
            StandardCharsets.UTF_8));
    }

    public void testAnUploadOverTheLimitIsDiscardedAtOnce() throws Exception {
        Path root = createTempDir();
        UploadStaging staging = new UploadStaging(root, () -> 0);
        staging.add("m", "big", 0, 3, new byte[15], LIMIT);
        OpenSearchStatusException e = expectThrows(OpenSearchStatusException.class, () -> staging.add("m", "big", 1, 3, new byte[6], LIMIT));
        assertEquals(RestStatus.REQUEST_ENTITY_TOO_LARGE, e.status());
        assertEquals("[bundle] must be at most [20b] ([prectr.models.max_upload_size]) but its chunks reached [21b]; upload [big] was"
            + " discarded", e.getMessage());
        assertEquals(List.of(), staging.inProgress());
        assertEquals(0, files(root));
    }

    public void testAbandonedUploadsExpire() throws Exception {
        Path root = createTempDir();
        AtomicLong clock = new AtomicLong(1_000);
        UploadStaging staging = new UploadStaging(root, clock::get);
        staging.add("m", "old", 0, 2, bytes("a"), LIMIT);
        clock.set(1_500);
        staging.add("m", "new", 0, 2, bytes("a"), LIMIT);
        clock.set(2_000);
        assertEquals("idle exactly the expiry: kept", List.of(), staging.expire(1_000));
        clock.set(2_001);
        assertEquals(List.of("old"), staging.expire(1_000));
        assertEquals(List.of("new"), staging.inProgress());
        assertEquals("only the live upload's folder and chunk remain", 2, files(root));
        assertFalse(Files.exists(root.resolve("old")));
        // a chunk of the expired upload starts it anew: its old chunks are gone
        assertEquals(1, staging.add("m", "old", 1, 2, bytes("b"), LIMIT).received());
    }
}
