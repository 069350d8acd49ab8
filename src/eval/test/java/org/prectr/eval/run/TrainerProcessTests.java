package org.prectr.eval.run;

import org.junit.Test;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The child JVM that trains each learned model: its command line, its heap bound, and a real run. */
public class TrainerProcessTests {

    @Test
    public void childRunsTheTrainerCliWithThisClasspathAndABoundedHeap() {
        List<String> cmd = TrainerProcess.commandLine(List.of("train", "--help"));
        assertTrue(cmd.get(0), cmd.get(0).endsWith("java"));
        assertTrue(cmd.toString(), cmd.contains("-Xmx" + TrainerProcess.heap()));
        int cp = cmd.indexOf("-cp");
        assertEquals(System.getProperty("java.class.path"), cmd.get(cp + 1));
        assertEquals(List.of(TrainerProcess.MAIN, "train", "--help"), cmd.subList(cp + 2, cmd.size()));
    }

    @Test
    public void aRealChildReportsTheTrainersExitCode() throws Exception {
        assertEquals(0, TrainerProcess.run(List.of("train", "--help")));
        // bad input is the trainer's exit code 2 (one 'error:' line), not an exception here
        assertEquals(2, TrainerProcess.run(List.of("train", "--products", "/nonexistent.ndjson", "--judgments", "/nonexistent.json",
                "--ubi-logs", "/nonexistent.ndjson", "--out", "/tmp/never")));
    }

    @Test
    public void aBadHeapSizeIsNamed() {
        String old = System.getProperty(TrainerProcess.HEAP_PROPERTY);
        System.setProperty(TrainerProcess.HEAP_PROPERTY, "lots");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, TrainerProcess::heap);
            assertEquals("[prectr.trainer.xmx] must be a heap size such as 2g but was [lots]", e.getMessage());
        } finally {
            if (old == null) System.clearProperty(TrainerProcess.HEAP_PROPERTY); else System.setProperty(TrainerProcess.HEAP_PROPERTY, old);
        }
    }
}
