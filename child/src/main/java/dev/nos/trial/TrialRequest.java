package dev.nos.trial;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.nos.child.Preset;
import dev.nos.data.DatasetSpec;
import dev.nos.rule.Rule;
import dev.nos.rule.RuleSyntaxException;

import java.nio.file.Path;

/**
 * Everything a worker needs to run one trial, and nothing else: what crosses the process boundary from the search to
 * a worker ({@code nos trial --request}, a Kubernetes Job). Plain JSON; {@link #VERSION} says which fields a reader
 * can expect. The same request gives the same record (same seed, same split, same data), wherever it runs.
 *
 * @param version   the request format, {@value #VERSION}
 * @param id        the trial's id within its search (unique; the order rules were sampled in)
 * @param rule      the rule in token form ({@code g m sign sign mul #0 g exp id mul})
 * @param seed      seeds the child's initialisation, shuffles and random operands
 * @param splitSeed fixes which training examples form the held-out validation set and the training subset
 * @param reward    {@code child} (train a child) or {@code synthetic} (no training)
 * @param preset    the child protocol ({@code quick}, {@code paper}, {@code large}); null for a synthetic reward
 * @param overrides changes to the preset, or null
 * @param dataset   {@code fashion-mnist} or {@code cifar-10}; null for a synthetic reward
 * @param data      the folder holding the dataset's files, or null to look in the usual places (NOS_DATA, Debian's
 *                  package, the download cache)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "id", "rule", "seed", "splitSeed", "reward", "preset", "overrides", "dataset", "data"})
public record TrialRequest(int version, long id, String rule, long seed, long splitSeed, RewardKind reward,
                           String preset, PresetOverrides overrides, String dataset, String data) {

    /** The request format this nos writes and reads. */
    public static final int VERSION = 1;

    /** A request for the child reward. */
    public static TrialRequest child(long id, Rule rule, long seed, long splitSeed, String preset,
                                     PresetOverrides overrides, String dataset, String data) {
        return new TrialRequest(VERSION, id, rule.tokens(), seed, splitSeed, RewardKind.CHILD, preset,
                overrides == null || overrides.isEmpty() ? null : overrides, dataset, data);
    }

    /** A request for the synthetic reward. */
    public static TrialRequest synthetic(long id, Rule rule, long seed) {
        return new TrialRequest(VERSION, id, rule.tokens(), seed, 0, RewardKind.SYNTHETIC, null, null, null, null);
    }

    /** This request with another id (the same trial for another search). */
    public TrialRequest withId(long newId) {
        return new TrialRequest(version, newId, rule, seed, splitSeed, reward, preset, overrides, dataset, data);
    }

    /** This request reading its data from another folder (null: the usual places). */
    public TrialRequest withData(String folder) {
        return new TrialRequest(version, id, rule, seed, splitSeed, reward, preset, overrides, dataset, folder);
    }

    /**
     * Checks every field and returns the rule; throws {@link InvalidRequestException} naming the first field that is
     * wrong.
     */
    public Rule validate() {
        if (version != VERSION) {
            throw new InvalidRequestException("version", "this nos reads version " + VERSION + " requests, got "
                    + version);
        }
        if (id < 0) {
            throw new InvalidRequestException("id", "must not be negative, got " + id);
        }
        if (rule == null || rule.isBlank()) {
            throw new InvalidRequestException("rule", "missing (the rule in token form)");
        }
        Rule parsed;
        try {
            parsed = Rule.parseTokens(rule);
        } catch (RuleSyntaxException e) {
            throw new InvalidRequestException("rule", e.getMessage(), e);
        }
        if (reward == null) {
            throw new InvalidRequestException("reward", "missing: child or synthetic");
        }
        if (reward == RewardKind.CHILD) {
            childPreset();
            if (dataset == null) {
                throw new InvalidRequestException("dataset", "missing: fashion-mnist or cifar-10");
            }
            try {
                DatasetSpec.byName(dataset);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("dataset", e.getMessage());
            }
            if (data != null) {
                try {
                    Path.of(data);
                } catch (RuntimeException e) {
                    throw new InvalidRequestException("data", "not a path: " + e.getMessage());
                }
            }
        }
        return parsed;
    }

    /** The child protocol: the named preset with the overrides applied. */
    public Preset childPreset() {
        if (preset == null) {
            throw new InvalidRequestException("preset", "missing: " + Preset.NAMES);
        }
        Preset p;
        try {
            p = Preset.byName(preset);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("preset", e.getMessage());
        }
        return overrides == null ? p : overrides.applyTo(p);
    }
}
