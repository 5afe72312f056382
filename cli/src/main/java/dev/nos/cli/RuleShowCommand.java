package dev.nos.cli;

import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Set;
import java.util.stream.Collectors;

/** {@code nos rule show RULE}: both forms of a rule, its identity and what it needs to run. */
@Command(name = "show", mixinStandardHelpOptions = true,
        header = "Show a rule: both forms, identity, state and needs.",
        description = {"Show a rule in both forms, its canonical key and fingerprint, the state it",
                "keeps, whether it is random and whether it needs the total number of steps",
                "or the weights.",
                "Example: nos rule show 'exp(sign(g) * sign(m)) * g'"})
final class RuleShowCommand extends NosSubcommand {
    /** Bytes of one float32 state slot. */
    static final int FLOAT32_BYTES = 4;

    @Parameters(arity = "1..*", paramLabel = "RULE",
            description = "The rule, infix or token form (several words are joined with spaces).")
    String[] words;

    @Option(names = "--space", paramLabel = "NAME",
            description = "Also check the rule against this search space (paper, small, paper:N, small:N); exit 1 when it is not in it.")
    String space;

    @Override
    protected int run() {
        String text = String.join(" ", words);
        Rule rule = Rule.parse(text);
        Set<Rule.Slot> slots = rule.stateSlots();
        row("infix", RuleFacts.infix(rule));
        row("tokens", rule.tokens());
        row("groups", String.valueOf(rule.groups().size()));
        row("canonical key", RuleFacts.canonicalKey(rule));
        row("fingerprint", RuleFacts.fingerprint(rule));
        row("operands", rule.liveOperands().stream().map(Operand::token).collect(Collectors.joining(" ")));
        row("state", slots.isEmpty() ? "none (0 bytes per parameter)"
                : slots.stream().map(s -> s.name().toLowerCase()).collect(Collectors.joining(", "))
                + " (" + slots.size() + (slots.size() == 1 ? " slot" : " slots") + " per parameter = "
                + slots.size() * FLOAT32_BYTES + " bytes per parameter at float32)");
        row("random", rule.isRandom() ? "yes (draws eps, eps_t or drop each step; give a seed)" : "no");
        row("total steps", rule.usesDecay() ? "needed (uses a decay of t/T)" : "not needed");
        row("weights", rule.usesWeights() ? "read (a *w operand)" : "not read");
        if (space != null) {
            SpaceCheck check = RuleFacts.checkSpace(text, space);
            row("space " + check.spaceName(), check.inSpace() ? "in the space" : "NOT in the space: " + check.why());
            return check.inSpace() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private void row(String label, String value) {
        out().printf("%-14s %s%n", label + ":", value);
    }

    /** Whether a rule is in a space, and why not. */
    record SpaceCheck(String spaceName, boolean inSpace, String why) {}
}
