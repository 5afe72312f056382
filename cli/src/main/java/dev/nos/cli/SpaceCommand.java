package dev.nos.cli;

import dev.nos.rule.space.CustomSpaceText;
import dev.nos.rule.space.SearchSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.math.BigInteger;

/** {@code nos space [NAME] [--groups N]}: a search space's description and size. */
@Command(name = "space", mixinStandardHelpOptions = true,
        header = "Describe a search space and its size.",
        description = {"Describe a search space and print its size, next to the paper's 10^6 .. 10^11.",
                "Example: nos space small --groups 3"})
final class SpaceCommand extends NosSubcommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", defaultValue = "paper",
            description = "The space: paper or small, or NAME:N for N groups (default: ${DEFAULT-VALUE}), or your own: 'operands=g,m,adam unary=id,exp binary=add,mul groups=2'.")
    String name;

    @Option(names = "--groups", paramLabel = "N",
            description = "Number of groups, 1 to 4 (default: " + SearchSpace.DEFAULT_GROUPS + ").")
    Integer groups;

    @Override
    protected int run() {
        String spec = name;
        if (groups != null && CustomSpaceText.looksCustom(name)) {
            throw new InputException("--groups does not go with a space of your own; write groups=" + groups + " in it");
        }
        if (groups != null) {
            if (groups < 1 || groups > 4) {
                throw new InputException("--groups must be 1 to 4, got " + groups);
            }
            int colon = name.indexOf(':');
            if (colon >= 0 && !name.substring(colon + 1).trim().equals(String.valueOf(groups))) {
                throw new InputException("space '" + name + "' and --groups " + groups + " disagree; give one of them");
            }
            spec = (colon >= 0 ? name.substring(0, colon) : name) + ":" + groups;
        }
        SearchSpace space = RuleFacts.space(spec);
        BigInteger size = space.size();
        out().println(space.describe());
        out().println("  against the paper: " + SpaceSize.scientific(size) + " rules = " + SpaceSize.againstPaper(size));
        return ExitCodes.OK;
    }
}
