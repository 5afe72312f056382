package dev.nos.cli;

import dev.nos.rule.Rule;

/** What {@code nos rule show} reports about a rule that comes from the rule-language library. */
final class RuleFacts {
    private RuleFacts() {}

    static String infix(Rule rule) {
        try {
            return rule.infix();
        } catch (UnsupportedOperationException e) {
            return "(infix printer not on this build)";
        }
    }

    static String canonicalKey(Rule rule) {
        // INTEGRATION(lang): return dev.nos.rule.equiv.CanonicalKey.of(rule);
        return "(not on this build)";
    }

    static String fingerprint(Rule rule) {
        // INTEGRATION(lang): return dev.nos.rule.equiv.Fingerprint.of(rule);
        return "(not on this build)";
    }

    static RuleShowCommand.SpaceCheck checkSpace(Rule rule, String spaceName) {
        // INTEGRATION(lang): SearchSpace.named(spaceName) and its membership test
        throw new InputException("--space needs dev.nos.rule.space.SearchSpace, which is not on this build yet");
    }
}
