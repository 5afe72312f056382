package dev.nos.engine;

import dev.nos.rule.Rule;
import dev.nos.rule.equiv.CanonicalKey;
import dev.nos.rule.equiv.Fingerprint;

import java.util.HashMap;
import java.util.Map;

/**
 * The rewards of rules already evaluated, found by either equivalence: the canonical key (same expression up to
 * algebra) or the numeric fingerprint (same values on the fingerprint points). A rule whose key or fingerprint is here
 * is not trained again.
 */
public final class RewardCache {
    private final Map<String, TrialEntry> byKey = new HashMap<>();
    private final Map<String, TrialEntry> byFingerprint = new HashMap<>();

    /** The two equivalence keys of a rule. */
    public record Keys(String canonical, String fingerprint) {
        public static Keys of(Rule rule) {
            return new Keys(CanonicalKey.of(rule), Fingerprint.of(rule));
        }
    }

    /** The evaluated trial equivalent to a rule with these keys, or null. */
    public TrialEntry find(Keys keys) {
        TrialEntry e = byKey.get(keys.canonical());
        return e != null ? e : byFingerprint.get(keys.fingerprint());
    }

    /** Remembers an evaluated (not cached) trial. */
    public void put(Keys keys, TrialEntry entry) {
        byKey.putIfAbsent(keys.canonical(), entry);
        byFingerprint.putIfAbsent(keys.fingerprint(), entry);
    }
}
