package org.prectr.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.prectr.benchmarks.load.CatalogProduct;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.CandidateWindow;
import org.prectr.core.features.FeatureAssembler;
import org.prectr.core.inference.PreparedQuery;
import org.prectr.core.inference.ScoredWindow;
import org.prectr.core.inference.WindowScores;
import org.prectr.core.text.TokenBatch;

/**
 * Scoring one rescore window of W hits on one thread (one ONNX Runtime intra-op thread), as a shard
 * does per request after the query is prepared. {@code scoreStored} is the production path (item
 * embeddings precomputed by the ingest processor); {@code scoreEncoding} encodes every item at query
 * time (no stored embeddings: the fallback, and the per-hit transformer baseline with
 * {@code -p bundle=minilm-baseline}); {@code assemble} and {@code scorerGraph} split
 * {@code scoreStored} into its two parts. Time per operation is per window: divide by W for per hit.
 *
 * <pre>java -jar benchmarks.jar WindowScoringBenchmark [-p window=1000] [-p bundle=models/esci-v2]</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class WindowScoringBenchmark {

    @Param({"50", "100", "400", "1000"})
    public int window;

    @Param({BenchmarkBundles.DETERMINISTIC})
    public String bundle;

    private BenchmarkBundles.Loaded loaded;
    private PreparedQuery query;
    private CandidateWindow stored;
    private CandidateWindow unstored;
    private CandidateWindow storedKeywords;
    private FeatureAssembler assembler;
    private float[] features;
    private float[] itemEmbeddings;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loaded = BenchmarkBundles.load(bundle);
        ModelBundle b = loaded.bundle();
        List<CatalogProduct> products = BenchmarkData.products();
        List<String> queries = BenchmarkData.queries();
        query = b.scorer().prepare(queries.get(0), BenchmarkData.userWithHistory(queries));
        int dim = b.model().embeddingDim();
        // what the ingest processor stores: the item encoder's output for each title
        List<String> titles = new ArrayList<>();
        for (int r = 0; r < window; r++) {
            titles.add(products.get(r % products.size()).title());
        }
        itemEmbeddings = new float[window * dim];
        for (int from = 0; from < window; from += 100) {
            List<String> chunk = titles.subList(from, Math.min(window, from + 100));
            TokenBatch batch = b.tokenizer().encodeBatch(chunk, b.manifest().tokenizer().itemMaxLength());
            float[] encoded = b.model().encodeItems(batch);
            System.arraycopy(encoded, 0, itemEmbeddings, from * dim, encoded.length);
        }
        stored = BenchmarkData.window(products, 0, window, b.schema(), itemEmbeddings, dim);
        unstored = BenchmarkData.window(products, 0, window, b.schema(), null, dim);
        storedKeywords = BenchmarkData.window(products, 0, window, b.schema(), itemEmbeddings, dim, true);
        assembler = new FeatureAssembler(b.schema());
        features = assembler.assemble(query.features(), stored);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        loaded.close();
    }

    /** The production path: features, then one scorer call over stored embeddings. */
    @Benchmark
    public ScoredWindow scoreStored() {
        return loaded.bundle().scorer().score(query, stored);
    }

    /** Every item encoded at query time, then scored. */
    @Benchmark
    public ScoredWindow scoreEncoding() {
        return loaded.bundle().scorer().score(query, unstored);
    }

    /** Feature assembly alone (match features over titles, document fields, request features). */
    @Benchmark
    public float[] assemble() {
        return assembler.assemble(query.features(), stored);
    }

    /** The production path on an index that keeps the match keywords in doc values (no item text). */
    @Benchmark
    public ScoredWindow scoreStoredKeywords() {
        return loaded.bundle().scorer().score(query, storedKeywords);
    }

    /** Feature assembly alone with stored match keywords. */
    @Benchmark
    public float[] assembleKeywords() {
        return assembler.assemble(query.features(), storedKeywords);
    }

    /** The scorer graph alone, inputs ready. */
    @Benchmark
    public WindowScores scorerGraph() {
        return loaded.bundle().model().score(query.queryEmbedding(), itemEmbeddings, features, window);
    }
}
