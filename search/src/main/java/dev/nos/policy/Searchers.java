package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;

import java.util.List;
import java.util.Locale;

/** Makes a searcher by name: {@code ppo}, {@code reinforce} or {@code random}. */
public final class Searchers {
    private Searchers() {}

    public static final List<String> NAMES = List.of("ppo", "reinforce", "random");

    public static Searcher create(String name, SearchSpace space, ControllerSettings settings, long seed) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "ppo" -> new PolicySearcher(space, settings, PolicyObjective.PPO, seed);
            case "reinforce" -> new PolicySearcher(space, settings, PolicyObjective.REINFORCE, seed);
            case "random" -> new RandomSearcher(space, seed);
            default -> throw new IllegalArgumentException("unknown searcher '" + name + "': expected one of " + NAMES);
        };
    }
}
