package org.prectr.eval.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the evaluation tools: {@code simulate} and {@code run}. */
@Command(name = "prectr-eval", mixinStandardHelpOptions = true, subcommands = {SimulateCommand.class, RunCommand.class},
        description = "PRECTR evaluation: simulated users and clicks over real ESCI grades")
public final class EvalCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCli()).execute(args));
    }
}
