package dev.nos.rosenbrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The optimizers ranked from one start point (best final loss first, all-diverged ones last). */
public record StartRanking(StartPoint start, List<OptimizerResult> ranked) {

    public StartRanking {
        ranked = List.copyOf(ranked);
    }

    /** Tunes and ranks every optimizer from each start, in the order of {@code starts}. */
    public static List<StartRanking> compare(List<StartPoint> starts, List<Optimizer> optimizers, int iterations) {
        List<StartRanking> all = new ArrayList<>();
        for (StartPoint s : starts) {
            all.add(new StartRanking(s, s.engine(iterations).compare(optimizers)));
        }
        return all;
    }

    /** The 1-based rank of the optimizer named {@code name}, if it was compared. */
    public Optional<Integer> rankOf(String name) {
        for (int i = 0; i < ranked.size(); i++) {
            if (ranked.get(i).name().equals(name)) {
                return Optional.of(i + 1);
            }
        }
        return Optional.empty();
    }

    /** The result of the optimizer named {@code name}, if it was compared. */
    public Optional<OptimizerResult> resultOf(String name) {
        return ranked.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
