package org.prectr.opensearch.rescore;

import org.prectr.core.text.ItemText;
import org.prectr.opensearch.ingest.StoredEmbedding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.internal.hppc.LongObjectHashMap;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;
import org.opensearch.index.fielddata.SortedNumericDoubleValues;
import org.opensearch.search.lookup.SourceLookup;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.MatchFeatures;
import org.prectr.opensearch.shard.ItemEncodingCache;
import org.prectr.opensearch.stats.ItemSources;
import org.prectr.opensearch.stats.RescoreGuard;

/**
 * Reads the document inputs of one rescore window into a {@link CandidateWindow}: numeric fields from
 * field data, keyword fields from SortedSet (or boolean/number) doc values, item embeddings from binary
 * doc values when the index stores them for the served bundle version (compared once per segment by
 * ordinal), the match features of those items from the match keywords written with them (F_words,
 * compared with the query by ordinal: {@link StoredKeywordMatch}), and the item text from
 * {@code _source} only for the items that need it.
 *
 * <p>An item without a current stored embedding is looked up in the node's {@link ItemEncodingCache}
 * (per segment and bundle version); the rest are encoded here in one batch and kept there, with their
 * match keywords, so a second search over the same products reads no {@code _source} and runs no
 * encoder. {@link ItemSources} says which path each item took.
 *
 * <p>Hits are visited segment by segment in docId order, the order doc values iterate and stored fields
 * are laid out on disk; values land in window order (row r = first-phase rank r). Multi-valued fields
 * contribute their first value. Cancellation is checked every {@link #CANCELLATION_STRIDE} hits.
 */
final class WindowReader {

    /** Hits read between two cancellation checks. */
    static final int CANCELLATION_STRIDE = 32;

    private static final MatchFeatures MATCH = new MatchFeatures();

    private WindowReader() {}

    /** Encodes item texts with the served bundle's item encoder (row-major texts x D). */
    @FunctionalInterface
    interface ItemEncoder {
        /**
         * @param texts item texts
         * @return their embeddings, row-major
         */
        float[] encode(List<String> texts);
    }

    /**
     * A window read from the index.
     *
     * @param window the candidates
     * @param sources where the items' embeddings came from
     */
    record Result(CandidateWindow window, ItemSources sources) {
    }

    /**
     * @param window the window's hits in first-phase order
     * @param searcher the shard's searcher
     * @param context the resolved request
     * @param query the request's query words (stored keywords are matched against them by ordinal), or
     *     null to decode the keywords instead
     * @param encoder encodes the items without a stored or cached embedding, or null to leave them to
     *     the scorer (no caching)
     * @param cancellation checked at the stride
     * @return the window's inputs, row r for {@code window[r]}
     * @throws IOException if the index cannot be read
     */
    static Result read(ScoreDoc[] window, IndexSearcher searcher, PrectrRescoreContext context, MatchFeatures.Words query,
                       ItemEncoder encoder, RescoreCancellation cancellation) throws IOException {
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
        ItemEncodingCache cache = context.services() == null ? null : context.services().encodings();
        boolean caching = encoder != null && cache != null && cache.enabled();
        boolean withEmbeddings = embeddingField != null || caching;
        float[] embeddings = withEmbeddings ? new float[rows * dim] : null;
        boolean[] present = withEmbeddings ? new boolean[rows] : null;
        String version = context.bundle().manifest().version();
        BytesRef versionBytes = new BytesRef(version);
        boolean needsWords = context.bundle().schema().plan().readsItemWords();

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
        // brands and colours repeat: each keyword ordinal of a segment is decoded once per window
        @SuppressWarnings("unchecked")
        LongObjectHashMap<String>[] decoded = new LongObjectHashMap[keyword.length];
        BinaryDocValues embeddingValues = null;
        SortedSetDocValues versionValues = null;
        long versionOrd = -1;
        SortedSetDocValues storedKeywords = null;
        StoredKeywordMatch keywordMatch = null;
        String[][] itemKeywords = needsWords && withEmbeddings ? new String[rows][] : null;
        MatchFeatures.ItemMatch[] itemMatches = needsWords && embeddingField != null ? new MatchFeatures.ItemMatch[rows] : null;
        int[] missRows = new int[rows];
        int[] missDocs = new int[rows];
        LeafReader[] missLeaves = new LeafReader[rows];
        int misses = 0;
        int stored = 0;
        int cached = 0;
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
                    decoded[c] = new LongObjectHashMap<>();
                }
                if (embeddingField != null) {
                    embeddingValues = DocValues.getBinary(leaf.reader(), embeddingField);
                    versionValues = DocValues.getSortedSet(leaf.reader(), embeddingField + "_version");
                    // the served version's ordinal in this segment: one term lookup here, an ordinal compare per hit
                    versionOrd = versionValues.lookupTerm(versionBytes);
                    // null when the index does not keep F_words as keyword doc values: read the text instead
                    storedKeywords = itemMatches == null || versionOrd < 0 ? null
                        : leaf.reader().getSortedSetDocValues(StoredEmbedding.keywordsField(embeddingField));
                    keywordMatch = storedKeywords == null || query == null ? null : StoredKeywordMatch.open(storedKeywords, query);
                }
            }
            int local = doc - leaf.docBase;
            for (int c = 0; c < numeric.length; c++) {
                if (numericValues[c].advanceExact(local) && numericValues[c].docValueCount() > 0) {
                    numeric[c][row] = numericValues[c].nextValue();
                }
            }
            for (int c = 0; c < keyword.length; c++) {
                keyword[c][row] = readKeyword(keywordColumns.get(c).kind(), keywordValues[c], decoded[c], local);
            }
            if (versionOrd >= 0 && readEmbedding(embeddingValues, versionValues, versionOrd, local, embeddings, row, dim, countMalformed)) {
                present[row] = true;
                stored++;
                // match features from the keywords written with this embedding, else from the text
                if (needsWords) {
                    if (keywordMatch != null) {
                        itemMatches[row] = keywordMatch.match(local);
                    } else if (storedKeywords != null) {
                        itemKeywords[row] = decodeKeywords(storedKeywords, local);
                    }
                    if (itemMatches[row] == null && itemKeywords[row] == null) {
                        texts[row] = readText(source, leaf, local, context.textFields());
                    }
                }
                continue;
            }
            ItemEncodingCache.Item item = caching ? cache.get(leaf.reader(), version, local) : null;
            if (item != null && item.embedding().length == dim) {
                System.arraycopy(item.embedding(), 0, embeddings, row * dim, dim);
                present[row] = true;
                cached++;
                if (needsWords) {
                    itemKeywords[row] = item.keywords();
                    if (item.keywords() == null) {
                        texts[row] = readText(source, leaf, local, context.textFields());
                    }
                }
                continue;
            }
            texts[row] = readText(source, leaf, local, context.textFields());
            missRows[misses] = row;
            missDocs[misses] = local;
            missLeaves[misses] = leaf.reader();
            misses++;
        }
        cancellation.check();
        if (caching && misses > 0) {
            encodeAndKeep(encoder, cache, version, dim, needsWords, texts, embeddings, present, itemKeywords,
                missRows, missDocs, missLeaves, misses);
        }

        CandidateWindow.Builder builder = CandidateWindow.builder(firstPhase, texts);
        for (int c = 0; c < numeric.length; c++) {
            builder.numeric(numericColumns.get(c).logical(), numeric[c]);
        }
        for (int c = 0; c < keyword.length; c++) {
            builder.keyword(keywordColumns.get(c).logical(), keyword[c]);
        }
        if (withEmbeddings) {
            builder.embeddings(embeddings, present, dim);
        }
        if (itemKeywords != null) {
            builder.itemKeywords(itemKeywords);
        }
        if (itemMatches != null) {
            builder.itemMatches(itemMatches);
        }
        int encoded = rows - stored - cached;
        ItemSources sources = embeddingField != null ? new ItemSources(stored, cached, 0, encoded)
            : new ItemSources(stored, cached, encoded, 0);
        return new Result(builder.build(), sources);
    }

    /** Encodes the missed items in one batch, puts them in the window, and keeps them in the cache. */
    private static void encodeAndKeep(ItemEncoder encoder, ItemEncodingCache cache, String version, int dim, boolean needsWords,
                                      String[] texts, float[] embeddings, boolean[] present, String[][] itemKeywords,
                                      int[] missRows, int[] missDocs, LeafReader[] missLeaves, int misses) {
        List<String> missTexts = new ArrayList<>(misses);
        for (int m = 0; m < misses; m++) {
            missTexts.add(texts[missRows[m]] == null ? "" : texts[missRows[m]]);
        }
        float[] encoded = encoder.encode(missTexts);
        for (int m = 0; m < misses; m++) {
            int row = missRows[m];
            float[] embedding = Arrays.copyOfRange(encoded, m * dim, (m + 1) * dim);
            System.arraycopy(embedding, 0, embeddings, row * dim, dim);
            present[row] = true;
            String[] keywords = needsWords ? MATCH.itemKeywords(missTexts.get(m)).toArray(String[]::new) : null;
            if (needsWords) {
                itemKeywords[row] = keywords;
            }
            cache.put(missLeaves[m], version, missDocs[m], ItemEncodingCache.Item.of(embedding, keywords));
        }
    }

    private static String[] decodeKeywords(SortedSetDocValues values, int doc) throws IOException {
        if (values.advanceExact(doc) == false) {
            return null;
        }
        String[] keywords = new String[values.docValueCount()];
        for (int k = 0; k < keywords.length; k++) {
            keywords[k] = values.lookupOrd(values.nextOrd()).utf8ToString();
        }
        return keywords;
    }

    private static Object openKeyword(PrectrRescoreContext.KeywordColumn column, LeafReaderContext leaf) throws IOException {
        return switch (column.kind()) {
            case SORTED_SET -> DocValues.getSortedSet(leaf.reader(), column.field());
            case BOOLEAN -> DocValues.getSortedNumeric(leaf.reader(), column.field());
            case NUMBER -> column.numbers().load(leaf).getDoubleValues();
        };
    }

    private static String readKeyword(PrectrRescoreContext.KeywordColumn.Kind kind, Object values, LongObjectHashMap<String> decoded,
                                      int doc) throws IOException {
        switch (kind) {
            case SORTED_SET -> {
                SortedSetDocValues set = (SortedSetDocValues) values;
                if (set.advanceExact(doc) == false || set.docValueCount() == 0) {
                    return null;
                }
                long ord = set.nextOrd();
                String value = decoded.get(ord);
                if (value == null) {
                    value = set.lookupOrd(ord).utf8ToString();
                    decoded.put(ord, value);
                }
                return value;
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
     * is the served bundle's ({@code versionOrd}, that version's ordinal in the segment) and it holds
     * 4 x D bytes of finite, sane values ({@link StoredEmbedding#decode}); otherwise the item is encoded
     * from its text.
     */
    private static boolean readEmbedding(BinaryDocValues values, SortedSetDocValues versions, long versionOrd, int doc,
                                         float[] embeddings, int row, int dim, Runnable malformed) throws IOException {
        if (versions.advanceExact(doc) == false || versions.nextOrd() != versionOrd) {
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
        return ItemText.join(fields, source::extractRawValues);
    }
}
