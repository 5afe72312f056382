package dev.nos.child;

import dev.nos.rule.Rule;
import dev.nos.rule.RuleSyntaxException;
import dev.nos.updater.UpdaterFactory;
import java.util.Locale;
import java.util.Map;

/**
 * Something to evaluate: a named optimizer with its updater factory, and the rule it comes from (null for a
 * DL4J baseline).
 *
 * @param name    display name
 * @param rule    the rule, or null
 * @param factory makes its updater per learning rate
 */
public record Candidate(String name, Rule rule, UpdaterFactory factory) {

    /**
     * A baseline by name ({@link Baselines}, any case), or else a rule in infix or token form run by the
     * rule updater with {@code seed} (for random operands).
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static Candidate parse(String text, long seed) {
        for (Map.Entry<String, UpdaterFactory> e : Baselines.all().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
                return new Candidate(e.getKey(), null, e.getValue());
            }
        }
        Rule rule;
        try {
            rule = Rule.parse(text);
        } catch (RuleSyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a baseline " + Baselines.all().keySet()
                    + " nor a rule: " + e.getMessage(), e);
        }
        return new Candidate(rule.infix(), rule, RuleUpdaters.factory(rule, seed));
    }
}
