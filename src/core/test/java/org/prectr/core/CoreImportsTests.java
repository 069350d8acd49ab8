package org.prectr.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/** Keeps the core engine-agnostic: no source file under src/core/main/java imports OpenSearch, Elasticsearch, Lucene or DJL. */
public class CoreImportsTests {

    private static final Pattern FORBIDDEN = Pattern.compile("^\\s*import\\s+(static\\s+)?(org\\.opensearch|org\\.elasticsearch|org\\.apache\\.lucene|ai\\.djl)\\.",
        Pattern.MULTILINE);

    /** Surefire runs in the module folder (src/core); fall back to the repository root. */
    static Path mainSources() {
        Path local = Paths.get("main", "java");
        return Files.isDirectory(local) ? local : Paths.get("src", "core", "main", "java");
    }

    @Test
    public void noOpenSearchOrDjlImports() throws IOException {
        Path root = mainSources();
        assertTrue("no sources at " + root.toAbsolutePath(), Files.isDirectory(root));
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                Matcher m = FORBIDDEN.matcher(Files.readString(file));
                while (m.find()) {
                    offenders.add(root.relativize(file) + ": " + m.group().trim());
                }
            }
        }
        assertTrue("scanned only " + files + " files", files > 20);
        assertEquals(List.of(), offenders);
    }

    @Test
    public void thePatternCatchesWhatItMust() {
        assertTrue(FORBIDDEN.matcher("package x;\nimport org.opensearch.common.Foo;\n").find());
        assertTrue(FORBIDDEN.matcher("import static ai.djl.ndarray.NDArrays.add;").find());
        assertTrue(FORBIDDEN.matcher("import org.opensearchx.Foo;").find() == false);
    }
}
