package org.prectr.eval.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.prectr.core.data.EsciGrade;
import org.prectr.core.data.Judgments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Splits the TRAINING judgments into an inner training set and a selection set, by the rule of
 * eval/split.sh (queries ordered by the SHA-256 of their text; the first 20% select), so that model
 * selection inside the trainer (stage-0 epochs, validation metrics) never sees the test queries.
 */
final class InnerSplit {
    private InnerSplit() {}

    /** Writes {@code inner.json} and {@code selection.json} into dir; returns {inner, selection}. */
    static Path[] write(Judgments train, Path dir) throws IOException {
        List<String> order = new ArrayList<>(train.queries());
        order.sort((a, b) -> sha(a).compareTo(sha(b)));
        int n = Math.max(1, order.size() / 5);
        List<String> selection = order.subList(0, n);
        Files.createDirectories(dir);
        Path inner = dir.resolve("inner.json"), sel = dir.resolve("selection.json");
        writeJudgments(train, order.subList(n, order.size()), inner, "inner");
        writeJudgments(train, selection, sel, "selection");
        return new Path[] {inner, sel};
    }

    private static void writeJudgments(Judgments all, List<String> queries, Path file, String part) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("name", all.name() + " (" + part + ")");
        root.put("type", "IMPORT_JUDGMENT");
        ArrayNode ratings = root.putArray("judgmentRatings");
        for (String q : all.queries()) {
            if (!queries.contains(q)) continue;
            ObjectNode entry = ratings.addObject();
            entry.put("query", q);
            ArrayNode r = entry.putArray("ratings");
            for (Map.Entry<String, Integer> e : all.grades(q).entrySet()) {
                r.addObject().put("docId", e.getKey()).put("rating", EsciGrade.of(e.getValue()).rating());
            }
        }
        mapper.writeValue(file.toFile(), root);
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
