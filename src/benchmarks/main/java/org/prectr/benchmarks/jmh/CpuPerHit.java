package org.prectr.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.prectr.benchmarks.load.ProcessCpu;

/**
 * CPU time per window hit of the {@link WindowScoringBenchmark} operations, measured as the calling
 * thread's CPU time (ONNX Runtime runs a 1-thread session on the calling thread) and, as a cross-check,
 * the whole process's CPU time (which adds JIT and GC threads). JMH reports wall time, which on a
 * shared machine includes waiting for a core; CPU time per hit is the "microseconds per hit per core"
 * of issue 5 and does not depend on what else runs. Each window size also measures, in the same run, the
 * yardstick of issue 12: an 83-kFLOP MLP in ONNX Runtime ({@link MlpReference}).
 *
 * <pre>java -cp benchmarks.jar org.prectr.benchmarks.jmh.CpuPerHit [bundle (deterministic)] [seconds per op (5)] [W,W,...]</pre>
 */
public final class CpuPerHit {

    private CpuPerHit() {
    }

    /**
     * @param args bundle, seconds per operation, windows
     * @throws Exception if the bundle cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        String bundle = args.length > 0 ? args[0] : BenchmarkBundles.DETERMINISTIC;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        List<Integer> windows = new ArrayList<>();
        for (String w : (args.length > 2 ? args[2] : "50,100,400,1000").split(",")) {
            windows.add(Integer.parseInt(w.trim()));
        }
        System.out.println("| bundle | W | operation | calls | thread CPU us / window | thread CPU us / hit | process CPU us / hit | wall us / hit |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int window : windows) {
            WindowScoringBenchmark b = new WindowScoringBenchmark();
            b.bundle = bundle;
            b.window = window;
            b.setUp();
            try {
                measure(bundle, window, "scoreStored", b::scoreStored, seconds);
                measure(bundle, window, "assemble", b::assemble, seconds);
                measure(bundle, window, "scoreStoredKeywords", b::scoreStoredKeywords, seconds);
                measure(bundle, window, "assembleKeywords", b::assembleKeywords, seconds);
                measure(bundle, window, "scorerGraph", b::scorerGraph, seconds);
                measure(bundle, window, "scoreEncoding", b::scoreEncoding, seconds);
            } finally {
                b.tearDown();
            }
            // the yardstick (issue 12): an 83-kFLOP MLP in ONNX Runtime, whatever the bundle
            try (MlpReference mlp = new MlpReference(MlpReference.WIDTH, window)) {
                measure(bundle, window, String.format(Locale.ROOT, "MLP reference (%.1f kFLOP/hit)", mlp.flopsPerHit() / 1e3),
                    mlp::run, seconds);
            }
            ScorerInputBenchmark inputs = new ScorerInputBenchmark();
            inputs.bundle = bundle;
            inputs.window = window;
            inputs.setUp();
            try {
                measure(bundle, window, "scorerGraph heap inputs", () -> orThrow(inputs::heapInputs), seconds);
                measure(bundle, window, "scorerGraph direct inputs", () -> orThrow(inputs::directInputs), seconds);
            } finally {
                inputs.tearDown();
            }
        }
    }

    private interface OrtCall {
        float call() throws Exception;
    }

    private static Float orThrow(OrtCall call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void measure(String bundle, int window, String name, Supplier<?> op, double seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long pid = ProcessHandle.current().pid();
        long sink = 0;
        // warm-up: a third of the budget, so the JIT has compiled the path being measured
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) {
            sink += op.get().hashCode();
        }
        long calls = 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long proc0 = ProcessCpu.millis(pid);
        long wall0 = System.nanoTime();
        long end = wall0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end || calls < 3) {
            sink += op.get().hashCode();
            calls++;
        }
        double wall = System.nanoTime() - wall0;
        double cpu = threads.getCurrentThreadCpuTime() - cpu0;
        double proc = (ProcessCpu.millis(pid) - proc0) * 1e6;
        double hits = (double) calls * window;
        System.out.println(String.format(Locale.ROOT, "| %s | %d | %s | %d | %.1f | %.2f | %.2f | %.2f |", bundle, window, name,
            calls, cpu / calls / 1e3, cpu / hits / 1e3, proc / hits / 1e3, wall / hits / 1e3) + (sink == 42 ? " " : ""));
    }
}
