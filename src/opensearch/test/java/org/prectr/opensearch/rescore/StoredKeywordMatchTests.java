package org.prectr.opensearch.rescore;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.opensearch.test.OpenSearchTestCase;
import org.prectr.core.features.MatchFeatures;

/**
 * Matching stored keywords by ordinal gives exactly what matching the decoded keywords as strings
 * gives, on random item texts and queries (negations, "free" suffixes, digits, shared words), over a
 * real Lucene index with several segments.
 */
public class StoredKeywordMatchTests extends OpenSearchTestCase {

    private static final String[] WORDS = {"sugar", "free", "without", "no", "cookies", "oatmeal", "chocolate", "chip", "gluten",
        "2", "pack", "xl", "blue", "not", "dairy", "vegan", "milk", "12", "oz", "bottle", "water", "non", "stick", "pan"};

    private final MatchFeatures match = new MatchFeatures();

    private String randomText(int min, int max) {
        int n = randomIntBetween(min, max);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(randomFrom(WORDS));
        }
        return String.join(" ", words);
    }

    public void testOrdinalMatchEqualsTheStringMatch() throws Exception {
        int docs = 300;
        String[] texts = new String[docs];
        try (Directory dir = new ByteBuffersDirectory();
             IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setMaxBufferedDocs(64))) {
            for (int d = 0; d < docs; d++) {
                texts[d] = randomText(0, 9);
                Document doc = new Document();
                for (String k : match.itemKeywords(texts[d])) {
                    doc.add(new SortedSetDocValuesField("emb_words", new BytesRef(k)));
                }
                writer.addDocument(doc);
            }
            writer.commit();
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertTrue("several segments", reader.leaves().size() > 1);
                for (int q = 0; q < 60; q++) {
                    MatchFeatures.Words query = match.words(randomText(0, 6));
                    for (LeafReaderContext leaf : reader.leaves()) {
                        SortedSetDocValues values = leaf.reader().getSortedSetDocValues("emb_words");
                        StoredKeywordMatch byOrd = StoredKeywordMatch.open(values, query);
                        SortedSetDocValues decoding = leaf.reader().getSortedSetDocValues("emb_words");
                        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                            String text = texts[leaf.docBase + doc];
                            MatchFeatures.ItemMatch got = byOrd.match(doc);
                            if (decoding.advanceExact(doc) == false) {
                                assertNull(text, got);
                                continue;
                            }
                            String[] keywords = new String[decoding.docValueCount()];
                            for (int k = 0; k < keywords.length; k++) {
                                keywords[k] = decoding.lookupOrd(decoding.nextOrd()).utf8ToString();
                            }
                            assertEquals("query [" + query.words() + "] item [" + text + "]", match.match(query, keywords), got);
                            assertEquals(match.match(query, text), got);
                        }
                    }
                }
            }
        }
    }
}
