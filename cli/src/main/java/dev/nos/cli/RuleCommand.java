package dev.nos.cli;

import picocli.CommandLine.Command;

/** {@code nos rule}: look at one rule ({@code show}) or run rules on given gradients ({@code trace}). */
@Command(name = "rule", mixinStandardHelpOptions = true, description = "Inspect and run update rules.",
        subcommands = {RuleShowCommand.class, RuleTraceCommand.class}, synopsisSubcommandLabel = "COMMAND")
final class RuleCommand extends NosSubcommand {
    @Override
    protected int run() {
        err().println(name() + ": which one? show or trace");
        spec.commandLine().usage(err());
        return ExitCodes.USAGE;
    }
}
