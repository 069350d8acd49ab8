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
        System.exit(new CommandLine(new TrainerCli()).execute(args));
    }
}
