package org.prectr.trainer.cli;

import org.junit.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.Assert.assertEquals;

public class TrainerCliTests {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = TrainerCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), err.toString().trim()};
    }

    @Test
    public void badInputIsOneLineNamingTheFieldOrFile() {
        String[] missing = run("train", "--products", "/nonexistent/products.zip", "--judgments", "j.json",
            "--ubi-logs", "u.ndjson", "--out", "out");
        assertEquals("2", missing[0]);
        assertEquals("error: no such file [/nonexistent/products.zip]", missing[1]);

        String[] variant = run("train", "--products", "p.zip", "--judgments", "j.json", "--ubi-logs", "u.ndjson",
            "--out", "out", "--variant", "v3");
        assertEquals("2", variant[0]);
        assertEquals("error: [variant] must be one of [prectr_v2, prectr_v1, v2_no_cross_user, v2_no_debias, "
            + "v2_no_distilled_encoder, v2_single_stage, v2_no_consistency, dnn, relevance] but was [v3]", variant[1]);
    }
}
