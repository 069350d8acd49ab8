package org.prectr.trainer.train;

import ai.onnxruntime.OrtException;
import org.prectr.core.text.Vocabulary;
import org.prectr.trainer.teacher.TeacherEncoder;
import org.prectr.trainer.teacher.TeacherGraphExport;
import org.prectr.trainer.teacher.TeacherModel;

import java.io.IOException;
import java.util.List;

/**
 * Frozen teacher embeddings (bge-small / MiniLM through ONNX Runtime) in place of the distilled
 * encoder: the "V2 without the distilled encoder" ablation. Queries are embedded by a teacher opened with
 * the query max length, item texts by one opened with the item max length (one encoder when the two are
 * equal), so that the token ids are those the bundle's tokenizer produces at serving time.
 * {@code BundleWriter} exports such a model with the teacher's own graph
 * ({@link TeacherGraphExport}) as {@code text_encoder.onnx}, the teacher's vocabulary and these max lengths.
 */
public final class TeacherEmbedder implements TextEmbedder, AutoCloseable {

    private final TeacherEncoder queries;
    private final TeacherEncoder items;
    private final boolean owned;

    /**
     * One teacher for both roles: queries and items both use its max length.
     *
     * @param teacher an open teacher (not closed here)
     */
    public TeacherEmbedder(TeacherEncoder teacher) {
        this(teacher, teacher, false);
    }

    /**
     * @param queries the teacher that embeds queries (its max length is the bundle's query max length)
     * @param items the same teacher model, opened with the item max length (not closed here)
     * @throws IllegalArgumentException if the two are different teacher models
     */
    public TeacherEmbedder(TeacherEncoder queries, TeacherEncoder items) {
        this(queries, items, false);
    }

    private TeacherEmbedder(TeacherEncoder queries, TeacherEncoder items, boolean owned) {
        if (queries.model() != items.model()) {
            throw new IllegalArgumentException("[teacher] queries and items must use one teacher but were ["
                + queries.model().optionName() + "] and [" + items.model().optionName() + "]");
        }
        this.queries = queries;
        this.items = items;
        this.owned = owned;
    }

    /**
     * Opens the teacher with the two max lengths (batches of 32 texts; one text per call for an int8
     * teacher, see {@link TeacherEncoder}); {@link #close()} closes it.
     *
     * @param model the teacher
     * @param queryMaxLength tokens per query, [CLS] and [SEP] included (the config's queryMaxLength)
     * @param itemMaxLength tokens per item text (the config's itemMaxLength)
     * @param threads ONNX Runtime intra-op threads
     * @return the embedder
     * @throws IOException if the teacher's resources are missing
     * @throws OrtException if ONNX Runtime cannot load the teacher
     */
    public static TeacherEmbedder open(TeacherModel model, int queryMaxLength, int itemMaxLength, int threads)
        throws IOException, OrtException {
        TeacherEncoder queries = TeacherEncoder.open(model, queryMaxLength, 32, threads);
        try {
            TeacherEncoder items = itemMaxLength == queryMaxLength ? queries
                : TeacherEncoder.open(model, itemMaxLength, 32, threads);
            return new TeacherEmbedder(queries, items, true);
        } catch (IOException | OrtException | RuntimeException e) {
            queries.close();
            throw e;
        }
    }

    @Override
    public float[] embed(List<String> texts, boolean queries) {
        int d = dim();
        float[][] rows = (queries ? this.queries : items).embed(texts);
        float[] out = new float[texts.size() * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    @Override
    public int dim() {
        return queries.dimension();
    }

    /** @return the teacher */
    public TeacherModel model() {
        return queries.model();
    }

    /** @return the max tokens per query the embeddings were computed with (the manifest's query_max_length) */
    public int queryMaxLength() {
        return queries.maxLength();
    }

    /** @return the max tokens per item text the embeddings were computed with (the manifest's item_max_length) */
    public int itemMaxLength() {
        return items.maxLength();
    }

    /** @return the teacher's WordPiece vocabulary (the bundle's vocab.txt) */
    public Vocabulary vocabulary() {
        return queries.tokenizer().vocabulary();
    }

    /** Closes the teachers when {@link #open} opened them; otherwise they belong to the caller. */
    @Override
    public void close() {
        if (owned) {
            try {
                queries.close();
            } finally {
                if (items != queries) {
                    items.close();
                }
            }
        }
    }
}
