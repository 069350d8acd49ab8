package org.prectr.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.prectr.core.text.TokenBatch;
import org.prectr.trainer.encoder.DistilledEncoder;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 2's text embeddings when the encoder is fine-tuned end to end: a batch's distinct texts are encoded
 * with gradients; with only the top layers trained, the frozen lower layers' outputs are computed once per
 * text and cached.
 */
final class FineTunedTexts {
    private final TrainingRun run;
    /** Hidden states of the frozen lower encoder layers per text (top-layer fine-tuning), by query/item flag + text. */
    private final Map<String, float[]> frozenHidden = new HashMap<>();

    FineTunedTexts(TrainingRun run) {
        this.run = run;
        DistilledEncoder encoder = run.model.text().encoder();
        if (run.frozenLayers(encoder) > 0) {
            cacheFrozenHidden(run.examples().train().queryTexts(), true);
            cacheFrozenHidden(run.examples().train().itemTexts(), false);
        }
    }

    /** Encodes the batch's distinct texts with gradients, then spreads them over the rows (0/1 matrix product). */
    NDArray encode(NDManager step, List<String> texts, int[] textRow, int[] rows, boolean queries) {
        Map<Integer, Integer> distinct = new LinkedHashMap<>();
        int[] position = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            position[i] = distinct.computeIfAbsent(textRow[rows[i]], x -> distinct.size());
        }
        List<String> batchTexts = distinct.keySet().stream().map(texts::get).toList();
        DistilledEncoder encoder = run.model.text().encoder();
        NDArray e = frozenHidden.isEmpty() ? encodeFully(step, encoder, batchTexts, queries)
            : encodeTop(step, encoder, batchTexts, queries);
        float[] spread = new float[rows.length * distinct.size()];
        for (int i = 0; i < rows.length; i++) {
            spread[i * distinct.size() + position[i]] = 1f;
        }
        return step.create(spread, new Shape(rows.length, distinct.size())).matMul(e);
    }

    private int maxLength(boolean queries) {
        return queries ? run.config.queryMaxLength() : run.config.itemMaxLength();
    }

    private NDArray encodeFully(NDManager step, DistilledEncoder encoder, List<String> texts, boolean queries) {
        TokenBatch tokens = run.tokenizer.encodeBatch(texts, maxLength(queries));
        return encoder.forward(step.create(tokens.inputIds(), new Shape(tokens.rows(), tokens.length())),
            step.create(tokens.attentionMask(), new Shape(tokens.rows(), tokens.length())), true);
    }

    /** The trainable top layers over the cached hidden states of the frozen ones, padded to the batch's longest text. */
    private NDArray encodeTop(NDManager step, DistilledEncoder encoder, List<String> texts, boolean queries) {
        int d = encoder.config().dim();
        int length = 1;
        for (String t : texts) {
            length = Math.max(length, frozenHidden.get(key(t, queries)).length / d);
        }
        float[] x = new float[texts.size() * length * d];
        long[] mask = new long[texts.size() * length];
        for (int i = 0; i < texts.size(); i++) {
            float[] h = frozenHidden.get(key(texts.get(i), queries));
            System.arraycopy(h, 0, x, i * length * d, h.length);
            Arrays.fill(mask, i * length, i * length + h.length / d, 1L);
        }
        return encoder.top(step.create(x, new Shape(texts.size(), length, d)),
            step.create(mask, new Shape(texts.size(), length)), run.frozenLayers(encoder), true);
    }

    /** Runs the frozen lower layers once per text (inference mode) and keeps each text's real tokens' states. */
    private void cacheFrozenHidden(List<String> texts, boolean queries) {
        DistilledEncoder encoder = run.model.text().encoder();
        int below = run.frozenLayers(encoder);
        int d = encoder.config().dim();
        for (int from = 0; from < texts.size(); from += 256) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + 256));
            TokenBatch tokens = run.tokenizer.encodeBatch(part, maxLength(queries));
            try (NDManager step = run.model.manager().newSubManager()) {
                float[] h = encoder.hidden(step.create(tokens.inputIds(), new Shape(tokens.rows(), tokens.length())),
                    step.create(tokens.attentionMask(), new Shape(tokens.rows(), tokens.length())), below).toFloatArray();
                for (int i = 0; i < part.size(); i++) {
                    int real = 0;
                    for (int j = 0; j < tokens.length(); j++) {
                        real += (int) tokens.attentionMask()[i * tokens.length() + j];
                    }
                    int offset = i * tokens.length() * d;
                    frozenHidden.put(key(part.get(i), queries), Arrays.copyOfRange(h, offset, offset + real * d));
                }
            }
        }
    }

    private static String key(String text, boolean query) {
        return (query ? "q\u0000" : "i\u0000") + text;
    }
}
