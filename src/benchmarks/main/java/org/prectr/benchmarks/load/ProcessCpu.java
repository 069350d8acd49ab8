package org.prectr.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process has used, from {@code /proc/<pid>/stat} (user + system, in clock ticks of
 * 10 ms). On a machine shared with other work, latency and QPS include waiting for a core; CPU time
 * per request does not, so it is the contention-robust measure of what rescoring costs the node.
 */
public final class ProcessCpu {

    /** Linux USER_HZ: clock ticks per second in /proc (100 on every mainstream kernel). */
    static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /**
     * @param pid a process id
     * @return its user + system CPU time, in milliseconds
     * @throws IOException if /proc cannot be read
     */
    public static long millis(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * 1000 / TICKS_PER_SECOND;
    }

    /** Fields 14 and 15 (utime, stime), counted after the command name, which may hold spaces. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
