package org.prectr.opensearch.rescore;

import org.prectr.opensearch.ingest.StoredEmbedding;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;
import org.opensearch.index.fielddata.SortedNumericDoubleValues;
import org.opensearch.search.lookup.SourceLookup;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureSource;
import org.prectr.opensearch.stats.RescoreGuard;

/**
 * Reads the document inputs of one rescore window into a {@link CandidateWindow}: numeric fields from
 * field data, keyword fields from SortedSet (or boolean/number) doc values, the item text from
 * {@code _source} and, when the index stores them, item embeddings from binary doc values and the
 * match keywords written with them (F_words, keyword doc values), which spare the {@code _source} read.
 *
 * <p>Hits are visited segment by segment in docId order, the order doc values iterate and stored fields
 * are laid out on disk; values land in window order (row r = first-phase rank r). Multi-valued fields
 * contribute their first value. Cancellation is checked every {@link #CANCELLATION_STRIDE} hits.
 */
final class WindowReader {

    /** Hits read between two cancellation checks. */
    static final int CANCELLATION_STRIDE = 32;

    private WindowReader() {}

    /**
     * @param window the window's hits in first-phase order
     * @param searcher the shard's searcher
     * @param context the resolved request
     * @param cancellation checked at the stride
     * @return the window's inputs, row r for {@code window[r]}
     * @throws IOException if the index cannot be read
     */
    static CandidateWindow read(ScoreDoc[] window, IndexSearcher searcher, PrectrRescoreContext context,
                                RescoreCancellation cancellation) throws IOException {
        int rows = window.length;
        float[] firstPhase = new float[rows];
        String[] texts = new String[rows];
        List<PrectrRescoreContext.NumericColumn> numericColumns = context.numericColumns();
        List<PrectrRescoreContext.KeywordColumn> keywordColumns = context.keywordColumns();
        double[][] numeric = new double[numericColumns.size()][rows];
        for (double[] column : numeric) {
            Arrays.fill(column, Double.NaN);
        }
        String[][] keyword = new String[keywordColumns.size()][rows];
        int dim = context.bundle().manifest().embeddingDim();
        String embeddingField = context.embeddingField();
        float[] embeddings = embeddingField == null ? null : new float[rows * dim];
        boolean[] present = embeddingField == null ? null : new boolean[rows];
        String version = context.bundle().manifest().version();
        boolean needsText = context.bundle().schema().uses(FeatureSource.MATCH);

        // Sort rows by doc id without boxing: doc in the high 32 bits, row in the low.
        long[] byDoc = new long[rows];
        for (int r = 0; r < rows; r++) {
            firstPhase[r] = window[r].score;
            byDoc[r] = ((long) window[r].doc << 32) | r;
        }
        Arrays.sort(byDoc);

        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        int leafEnd = 0;
        SortedNumericDoubleValues[] numericValues = new SortedNumericDoubleValues[numeric.length];
        Object[] keywordValues = new Object[keyword.length];
        BinaryDocValues embeddingValues = null;
        SortedSetDocValues versionValues = null;
        SortedSetDocValues storedKeywords = null;
        String[][] itemKeywords = embeddingField != null && needsText ? new String[rows][] : null;
        SourceLookup source = new SourceLookup();
        Runnable countMalformed = () -> RescoreGuard.countMalformedEmbedding(context.services().bundles());
        for (int i = 0; i < rows; i++) {
            if (i % CANCELLATION_STRIDE == 0) {
                cancellation.check();
            }
            int doc = (int) (byDoc[i] >>> 32);
            int row = (int) byDoc[i];
            if (leaf == null || doc >= leafEnd) {
                leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                leafEnd = leaf.docBase + leaf.reader().maxDoc();
                for (int c = 0; c < numeric.length; c++) {
                    numericValues[c] = numericColumns.get(c).data().load(leaf).getDoubleValues();
                }
                for (int c = 0; c < keyword.length; c++) {
                    keywordValues[c] = openKeyword(keywordColumns.get(c), leaf);
                }
                if (embeddingField != null) {
                    embeddingValues = DocValues.getBinary(leaf.reader(), embeddingField);
                    versionValues = DocValues.getSortedSet(leaf.reader(), embeddingField + "_version");
                    // null when the index does not keep F_words as keyword doc values: read the text instead
                    storedKeywords = itemKeywords == null ? null
                        : leaf.reader().getSortedSetDocValues(StoredEmbedding.keywordsField(embeddingField));
                }
            }
            int local = doc - leaf.docBase;
            for (int c = 0; c < numeric.length; c++) {
                if (numericValues[c].advanceExact(local) && numericValues[c].docValueCount() > 0) {
                    numeric[c][row] = numericValues[c].nextValue();
                }
            }
            for (int c = 0; c < keyword.length; c++) {
                keyword[c][row] = readKeyword(keywordColumns.get(c).kind(), keywordValues[c], local);
            }
            if (embeddingField != null) {
                present[row] = readEmbedding(embeddingValues, versionValues, version, local, embeddings, row, dim, countMalformed);
            }
            // match features read the stored keywords written with a current embedding, else the item text
            if (itemKeywords != null && present[row] && storedKeywords != null && storedKeywords.advanceExact(local)) {
                String[] keywords = new String[storedKeywords.docValueCount()];
                for (int k = 0; k < keywords.length; k++) {
                    keywords[k] = storedKeywords.lookupOrd(storedKeywords.nextOrd()).utf8ToString();
                }
                itemKeywords[row] = keywords;
            } else if (needsText || embeddingField == null || present[row] == false) {
                texts[row] = readText(source, leaf, local, context.textFields());
            }
        }
        cancellation.check();

        CandidateWindow.Builder builder = CandidateWindow.builder(firstPhase, texts);
        for (int c = 0; c < numeric.length; c++) {
            builder.numeric(numericColumns.get(c).logical(), numeric[c]);
        }
        for (int c = 0; c < keyword.length; c++) {
            builder.keyword(keywordColumns.get(c).logical(), keyword[c]);
        }
        if (embeddingField != null) {
            builder.embeddings(embeddings, present, dim);
        }
        if (itemKeywords != null) {
            builder.itemKeywords(itemKeywords);
        }
        return builder.build();
    }

    private static Object openKeyword(PrectrRescoreContext.KeywordColumn column, LeafReaderContext leaf) throws IOException {
        return switch (column.kind()) {
            case SORTED_SET -> DocValues.getSortedSet(leaf.reader(), column.field());
            case BOOLEAN -> DocValues.getSortedNumeric(leaf.reader(), column.field());
            case NUMBER -> column.numbers().load(leaf).getDoubleValues();
        };
    }

    private static String readKeyword(PrectrRescoreContext.KeywordColumn.Kind kind, Object values, int doc) throws IOException {
        switch (kind) {
            case SORTED_SET -> {
                SortedSetDocValues set = (SortedSetDocValues) values;
                return set.advanceExact(doc) && set.docValueCount() > 0 ? set.lookupOrd(set.nextOrd()).utf8ToString() : null;
            }
            case BOOLEAN -> {
                SortedNumericDocValues bools = (SortedNumericDocValues) values;
                return bools.advanceExact(doc) && bools.docValueCount() > 0 ? Boolean.toString(bools.nextValue() == 1) : null;
            }
            default -> {
                SortedNumericDoubleValues numbers = (SortedNumericDoubleValues) values;
                if (numbers.advanceExact(doc) == false || numbers.docValueCount() == 0) {
                    return null;
                }
                double value = numbers.nextValue();
                // Integral numbers compare as "3", not "3.0", with a manifest's equals.
                return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
            }
        }
    }

    /**
     * Reads a stored embedding (docs/request.md "Stored item embeddings"): used only when its version
     * equals the served bundle's and it holds 4 x D bytes of finite, sane values
     * ({@link StoredEmbedding#decode}); otherwise the item is encoded from its text.
     */
    private static boolean readEmbedding(BinaryDocValues values, SortedSetDocValues versions, String version, int doc,
                                         float[] embeddings, int row, int dim, Runnable malformed) throws IOException {
        if (versions.advanceExact(doc) == false || versions.lookupOrd(versions.nextOrd()).utf8ToString().equals(version) == false) {
            return false;
        }
        if (values.advanceExact(doc) == false) {
            return false;
        }
        // OpenSearch binary doc values: vint count, then (vint length, bytes) per value.
        BytesRef bytes = values.binaryValue();
        ByteArrayDataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
        if (in.readVInt() < 1) {
            return false;
        }
        int length = in.readVInt();
        // length, finiteness and range are checked where the format lives; a malformed one is encoded and counted
        StoredEmbedding.Decoded decoded = StoredEmbedding.decode(bytes.bytes, bytes.offset + in.getPosition(), length, dim, embeddings,
            row * dim);
        if (decoded.malformed()) {
            malformed.run();
            return false;
        }
        return true;
    }

    private static String readText(SourceLookup source, LeafReaderContext leaf, int doc, List<String> fields) {
        source.setSegmentAndDocument(leaf, doc);
        StringBuilder text = new StringBuilder();
        for (String field : fields) {
            for (Object value : source.extractRawValues(field)) {
                if (value != null) {
                    if (text.length() > 0) {
                        text.append(' ');
                    }
                    text.append(value);
                }
            }
        }
        return text.toString();
    }
}
