package dev.nos.cli;

import dev.nos.rule.Rule;
import dev.nos.rule.RuleSyntaxException;
import dev.nos.rule.equiv.CanonicalKey;
import dev.nos.rule.equiv.Fingerprint;
import dev.nos.rule.space.SearchSpace;

/** What {@code nos rule show} reports about a rule that comes from the rule-language library. */
final class RuleFacts {
    private RuleFacts() {}

    static String infix(Rule rule) {
        return rule.infix();
    }

    static String canonicalKey(Rule rule) {
        return CanonicalKey.of(rule);
    }

    static String fingerprint(Rule rule) {
        return Fingerprint.of(rule);
    }

    /** A space by name ({@code paper}, {@code small:3}); an unknown name is bad input. */
    static SearchSpace space(String name) {
        try {
            return SearchSpace.named(name);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /** Whether the rule text is in the space (as the space reads it, padded to its groups), and why not. */
    static RuleShowCommand.SpaceCheck checkSpace(String ruleText, String spaceName) {
        SearchSpace space = space(spaceName);
        try {
            space.parse(ruleText);
            return new RuleShowCommand.SpaceCheck(space.name(), true, "");
        } catch (RuleSyntaxException e) {
            String prefix = "not in search space " + space.name() + ": ";
            String why = e.reason().startsWith(prefix) ? e.reason().substring(prefix.length()) : e.reason();
            return new RuleShowCommand.SpaceCheck(space.name(), false, why);
        }
    }
}
