package org.prectr.benchmarks.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ProcessCpuTests {

    @Test
    public void readsUserAndSystemTicksAfterACommandNameWithSpaces() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 56 0 0 20 0 42 0 100 0 0";
        assertEquals(1234 + 56, ProcessCpu.ticks(stat));
    }

    @Test
    public void ownProcessCpuTracksThisThreadsCpu() throws Exception {
        long pid = ProcessHandle.current().pid();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = ProcessCpu.millis(pid);
        long threadBefore = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - threadBefore < 300_000_000L) { // 300 ms of this thread's CPU
            for (int i = 0; i < 1_000_000; i++) {
                x += i ^ (x >>> 3);
            }
        }
        long spent = ProcessCpu.millis(pid) - before;
        // the process used at least this thread's 300 ms, less one 10 ms tick of rounding at each end
        assertTrue("process cpu " + spent + " ms (" + x + ")", spent >= 280);
    }
}
