package dev.nos.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nos space [NAME] [--groups N]}: a search space's description and size. */
@Command(name = "space", mixinStandardHelpOptions = true,
        description = {"Describe a search space and print its size, next to the paper's 10^6 .. 10^11."})
final class SpaceCommand extends NosSubcommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", defaultValue = "paper",
            description = "The space (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--groups", paramLabel = "N", description = "Number of groups, 1 to 4.")
    Integer groups;

    @Override
    protected int run() {
        if (groups != null && (groups < 1 || groups > 4)) {
            throw new InputException("--groups must be 1 to 4, got " + groups);
        }
        // INTEGRATION(lang): SearchSpace s = ...; out().println(s.describe()); size with SpaceSize.format(s.size())
        throw new InputException("space needs dev.nos.rule.space.SearchSpace, which is not on this build yet");
    }
}
