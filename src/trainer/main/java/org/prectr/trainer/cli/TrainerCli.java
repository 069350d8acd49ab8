package org.prectr.trainer.cli;

import org.prectr.trainer.encoder.Stage0Command;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer's command line: {@code stage0} (the distilled encoder), {@code train} (stages 1-2 and
 * the bundle) and {@code throughput} (the training-speed benchmark). {@code --help} on each.
 */
@Command(name = "prectr-trainer", mixinStandardHelpOptions = true,
    subcommands = {TrainCommand.class, ThroughputCommand.class, Stage0Command.class},
    description = "Trains PRECTR / PRECTR-V2 models and writes the bundles the OpenSearch plugin serves.")
public final class TrainerCli {

    private TrainerCli() {}

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with bad input (an {@link IllegalArgumentException}, {@link IllegalStateException}
     * or a missing file) reported as one line naming the field or file, exit code 2, no stack trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new TrainerCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof java.nio.file.NoSuchFileException) {
                String what = e instanceof java.nio.file.NoSuchFileException ? "no such file [" + e.getMessage() + "]" : e.getMessage();
                cmd.getErr().println("error: " + what);
                return 2;
            }
            throw e;
        });
    }
}
