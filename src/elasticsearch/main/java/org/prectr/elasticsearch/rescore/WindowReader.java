package org.prectr.elasticsearch.rescore;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.elasticsearch.common.xcontent.support.XContentMapValues;
import org.elasticsearch.index.fielddata.SortedNumericDoubleValues;
import org.elasticsearch.search.lookup.Source;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.text.ItemText;

/**
 * Reads the document inputs of one rescore window into the core's {@link CandidateWindow}: numeric
 * fields from field data, keyword fields from SortedSet (or boolean/number) doc values and the item
 * text from {@code _source}. Hits are visited segment by segment in docId order; values land in window
 * order (row r = first-phase rank r). Multi-valued fields contribute their first value. The search's
 * cancellation is checked every {@link #CANCELLATION_STRIDE} hits.
 */
final class WindowReader {

    /** Hits read between two cancellation checks. */
    static final int CANCELLATION_STRIDE = 32;

    private WindowReader() {}

    /**
     * @param window the window's hits in first-phase order
     * @param searcher the shard's searcher
     * @param context the resolved request
     * @return the window's inputs, row r for {@code window[r]}
     * @throws IOException if the index cannot be read
     */
    static CandidateWindow read(ScoreDoc[] window, IndexSearcher searcher, PrectrRescoreContext context) throws IOException {
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
        for (int i = 0; i < rows; i++) {
            if (i % CANCELLATION_STRIDE == 0) {
                context.checkCancellation();
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
            texts[row] = readText(context.lookup().getSource(leaf, local), context.textFields());
        }
        context.checkCancellation();

        CandidateWindow.Builder builder = CandidateWindow.builder(firstPhase, texts);
        for (int c = 0; c < numeric.length; c++) {
            builder.numeric(numericColumns.get(c).logical(), numeric[c]);
        }
        for (int c = 0; c < keyword.length; c++) {
            builder.keyword(keywordColumns.get(c).logical(), keyword[c]);
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
            case SORTED_SET: {
                SortedSetDocValues set = (SortedSetDocValues) values;
                return set.advanceExact(doc) && set.docValueCount() > 0 ? set.lookupOrd(set.nextOrd()).utf8ToString() : null;
            }
            case BOOLEAN: {
                SortedNumericDocValues bools = (SortedNumericDocValues) values;
                return bools.advanceExact(doc) && bools.docValueCount() > 0 ? Boolean.toString(bools.nextValue() == 1) : null;
            }
            default: {
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

    private static String readText(Source source, List<String> fields) {
        Map<String, Object> document = source.source();
        return ItemText.join(fields, field -> XContentMapValues.extractRawValues(field, document));
    }
}
