package org.prectr.eval.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one trainer command ({@code stage0} or {@code train}, the trainer's own CLI, the same code path as
 * {@code prectr-trainer}) in a child JVM. Each learned model is trained in its own process so that the
 * native memory DJL/PyTorch holds while training (which a JVM does not give back to the OS) is freed when
 * the process exits: in one process it grew to ~21 GB resident across the models of a full table.
 *
 * <p>The child gets this JVM's classpath, its {@code -D} system properties and native-access flag (DJL
 * offline mode, thread counts), and its own heap bound: {@code -Xmx} from the system property
 * {@value #HEAP_PROPERTY} (default {@value #DEFAULT_HEAP}). Its output goes to this process's stderr.
 */
public final class TrainerProcess {
    /** System property (or env PRECTR_TRAINER_XMX) with the child JVM's maximum heap, e.g. {@code 2g}. */
    public static final String HEAP_PROPERTY = "prectr.trainer.xmx";
    static final String DEFAULT_HEAP = "2g";
    static final String MAIN = "org.prectr.trainer.cli.TrainerCli";

    private TrainerProcess() {}

    /**
     * @param command the trainer subcommand and its arguments
     * @return the child's exit code
     */
    public static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(commandLine(command)).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // the child must not outlive an evaluation that is stopped (Ctrl-C, kill)
        Thread stop = new Thread(p::destroyForcibly, "stop-trainer-" + p.pid());
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the child
            }
        }
    }

    /** The child's full command line: java, JVM flags, classpath, main class, the trainer command. */
    static List<String> commandLine(List<String> command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-D") || arg.startsWith("--enable-native-access")) cmd.add(arg);
        }
        cmd.add("-Xmx" + heap());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.addAll(command);
        return cmd;
    }

    static String heap() {
        String h = System.getProperty(HEAP_PROPERTY, System.getenv().getOrDefault("PRECTR_TRAINER_XMX", DEFAULT_HEAP));
        if (!h.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("[" + HEAP_PROPERTY + "] must be a heap size such as 2g but was [" + h + "]");
        }
        return h;
    }
}
