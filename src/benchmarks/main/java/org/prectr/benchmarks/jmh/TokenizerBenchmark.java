package org.prectr.benchmarks.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.prectr.core.text.TokenBatch;
import org.prectr.core.text.Vocabulary;
import org.prectr.core.text.WordPieceTokenizer;
import org.prectr.onnx.DeterministicBundleWriter;

/**
 * The core WordPiece tokeniser over the bert-base-uncased vocabulary (30,522 tokens, the vocabulary of
 * every bundle so far): one ESCI dev query at the query max length (16) and one ESCI title at the item
 * max length (48), cycling over 100 queries and 6,764 titles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenizerBenchmark {

    private WordPieceTokenizer tokenizer;
    private List<String> queries;
    private List<String> titles;
    private int nextQuery;
    private int nextTitle;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Vocabulary vocabulary = DeterministicBundleWriter.bertVocabulary();
        tokenizer = new WordPieceTokenizer(vocabulary, true);
        queries = BenchmarkData.queries();
        titles = BenchmarkData.products().stream().map(p -> p.title()).toList();
    }

    @Benchmark
    public TokenBatch query() {
        nextQuery = (nextQuery + 1) % queries.size();
        return tokenizer.encodeBatch(List.of(queries.get(nextQuery)), DeterministicBundleWriter.QUERY_MAX_LENGTH);
    }

    @Benchmark
    public int[] title() {
        nextTitle = (nextTitle + 1) % titles.size();
        return tokenizer.encode(titles.get(nextTitle), DeterministicBundleWriter.ITEM_MAX_LENGTH);
    }
}
