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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.UserContext;
import org.prectr.core.inference.PreparedQuery;

/**
 * The per-request work of a shard before the window: {@code encodeQuery} (tokenise and run the query
 * encoder for one query), and {@code prepare} for an anonymous user and for a user with five history
 * entries (query and history encoded in one batch, r_u(q), r_cate(q) lookup, request features).
 * Queries cycle over the 100 ESCI dev queries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class QueryBenchmark {

    @Param({BenchmarkBundles.DETERMINISTIC})
    public String bundle;

    private BenchmarkBundles.Loaded loaded;
    private List<String> queries;
    private UserContext user;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loaded = BenchmarkBundles.load(bundle);
        queries = BenchmarkData.queries();
        user = BenchmarkData.userWithHistory(queries);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        loaded.close();
    }

    private String nextQuery() {
        next = (next + 1) % queries.size();
        return queries.get(next);
    }

    @Benchmark
    public float[] encodeQuery() {
        ModelBundle b = loaded.bundle();
        return b.model().encodeQueries(b.tokenizer().encodeBatch(List.of(nextQuery()),
            b.manifest().tokenizer().queryMaxLength()));
    }

    @Benchmark
    public PreparedQuery prepareAnonymous() {
        return loaded.bundle().scorer().prepare(nextQuery(), UserContext.anonymous());
    }

    @Benchmark
    public PreparedQuery prepareWithHistory() {
        return loaded.bundle().scorer().prepare(nextQuery(), user);
    }
}
