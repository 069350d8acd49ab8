package org.prectr.opensearch.models;

import java.util.LinkedHashMap;
import java.util.Map;
import org.opensearch.test.OpenSearchTestCase;

/** A bundle zip's entry count and entry name length are bounded before any file is written. */
public class BundleArchiveBoundsTests extends OpenSearchTestCase {

    public void testTooManyEntriesAreRefused() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i <= BundleArchive.MAX_ENTRIES; i++) {
            files.put("f" + i + ".txt", new byte[0]);
        }
        byte[] zip = TestBundles.zip(files);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> BundleArchive.unpack("bad", zip, createTempDir(), 1 << 20));
        assertEquals("[bundle] [bad] must hold at most [256] zip entries", e.getMessage());
    }

    public void testLongEntryNamesAreRefused() throws Exception {
        byte[] zip = TestBundles.zip(Map.of("n".repeat(300) + ".txt", new byte[1]));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> BundleArchive.unpack("bad", zip, createTempDir(), 1 << 20));
        assertEquals("[bundle] [bad] entry names must have at most [256] characters but one had [304]", e.getMessage());
    }
}
