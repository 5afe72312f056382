package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random search: every choice uniform among those its mask allows ({@link SearchSpace#sampleChoices}); learns
 * nothing. The yardstick for the controllers.
 */
public final class RandomSearcher implements Searcher {
    private final SearchSpace space;
    private final long seed;
    private long sampleCalls;

    public RandomSearcher(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public List<SampledRule> sample(int n) {
        Random rnd = new Random(Seeds.mix(seed, sampleCalls++));
        List<SampledRule> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] choices = space.sampleChoices(rnd);
            double[] logProbs = new double[choices.length];
            for (int p = 0; p < choices.length; p++) {
                int allowed = 0;
                for (boolean a : space.mask(p, choices)) {
                    allowed += a ? 1 : 0;
                }
                logProbs[p] = -Math.log(allowed);
            }
            out.add(new SampledRule(space.decode(choices), choices, logProbs, 0));
        }
        return out;
    }

    @Override
    public void learn(List<ScoredRule> batch) {
        // random search learns nothing
    }

    @Override
    public long updates() {
        return 0;
    }

    @Override
    public SearcherState state() {
        return new SearcherState(name(), space.name(), sampleCalls, 0, false, 0, 0, Map.of());
    }

    @Override
    public void restore(SearcherState state) {
        state.requireFor(name(), space.name());
        sampleCalls = state.sampleCalls();
    }
}
