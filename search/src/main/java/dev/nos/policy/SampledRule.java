package dev.nos.policy;

import dev.nos.rule.Rule;

import java.util.Arrays;
import java.util.Objects;

/**
 * A rule proposed by a {@link Searcher}: its choices (one index into the vocabulary of each of the 5n positions),
 * the log-probability of each choice under the policy that sampled it, and that policy's version (its number of
 * updates), so a learner can tell how stale the sample is.
 */
public record SampledRule(Rule rule, int[] choices, double[] logProbs, long policyVersion) {

    public SampledRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(choices, "choices");
        Objects.requireNonNull(logProbs, "logProbs");
        if (choices.length != logProbs.length) {
            throw new IllegalArgumentException("a sampled rule needs one log-probability per choice: " + choices.length
                    + " choices, " + logProbs.length + " log-probabilities");
        }
        choices = choices.clone();
        logProbs = logProbs.clone();
    }

    @Override
    public int[] choices() {
        return choices.clone();
    }

    @Override
    public double[] logProbs() {
        return logProbs.clone();
    }

    /** The log-probability of the whole choice sequence (the sum over positions). */
    public double logProb() {
        double s = 0;
        for (double lp : logProbs) {
            s += lp;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampledRule s && s.rule.equals(rule) && Arrays.equals(s.choices, choices)
                && Arrays.equals(s.logProbs, logProbs) && s.policyVersion == policyVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, Arrays.hashCode(choices), Arrays.hashCode(logProbs), policyVersion);
    }

    @Override
    public String toString() {
        return rule.infix() + " (log p " + logProb() + ", policy " + policyVersion + ")";
    }
}
