package dev.nos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The {@code nos} command: Neural Optimizer Search from the command line. Subcommands: {@code rule}
 * ({@code show}, {@code trace}), {@code rosenbrock} and {@code space}.
 *
 * <p>Exit codes: 0 success, 2 bad input (usage, a rule that does not parse, a bad file), 1 anything else.
 */
@Command(name = "nos", mixinStandardHelpOptions = true, version = "nos 0.1.0",
        description = {"Neural Optimizer Search (Bello et al. 2017): update rules, their search",
                "spaces and experiments. Exit codes: 0 ok, 2 bad input, 1 other failures."},
        subcommands = {SearchCommand.class, TrialCommand.class, EvaluateCommand.class, RuleCommand.class, RosenbrockCommand.class, SpaceCommand.class},
        synopsisSubcommandLabel = "COMMAND")
public final class NosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new NosCommand()).execute(args));
    }
}
