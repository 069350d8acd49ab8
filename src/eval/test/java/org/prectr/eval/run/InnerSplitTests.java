package org.prectr.eval.run;

import org.junit.Test;
import org.prectr.core.data.Judgments;
import org.prectr.eval.MiniData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class InnerSplitTests {
    @Test
    public void splitsTrainingQueriesBySha256WithoutOverlapAndKeepsGrades() throws Exception {
        Judgments train = MiniData.train();
        Path[] files = InnerSplit.write(train, Files.createTempDirectory("inner"));
        Judgments inner = Judgments.read(files[0]);
        Judgments selection = Judgments.read(files[1]);
        // 6 queries: 6 / 5 = 1 selects, 5 train
        assertEquals(1, selection.queries().size());
        assertEquals(5, inner.queries().size());
        Set<String> all = new HashSet<>(inner.queries());
        all.addAll(selection.queries());
        assertEquals(new HashSet<>(train.queries()), all);
        for (String q : inner.queries()) assertEquals(train.grades(q), inner.grades(q));
        // the selection query is the one with the smallest SHA-256 (eval/split.sh's rule)
        String first = train.queries().stream().min((a, b) -> sha(a).compareTo(sha(b))).orElseThrow();
        assertEquals(first, selection.queries().get(0));
        assertTrue(Files.readString(files[0]).contains("\"100.000\""));
    }

    private static String sha(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
