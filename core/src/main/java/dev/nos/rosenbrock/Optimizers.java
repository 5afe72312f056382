package dev.nos.rosenbrock;

import dev.nos.rule.Rule;
import dev.nos.updater.AddSign;
import dev.nos.updater.PowerSign;
import dev.nos.updater.RuleUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

/**
 * The optimizers of the paper's Rosenbrock comparison (Section 6.1, Figure 5) with their learning-rate grids.
 *
 * <p>The paper runs each optimizer with "4 different learning rates searched over a logarithmic scale" and does not
 * give them. Our choice: each family gets its own four rates on a half-decade log grid (1, 3, 10, 30 times a power of
 * ten), placed over that family's stable range on this problem in 4000 iterations, from clearly too small up to the
 * edge of divergence. One grid shared by all cannot do that with four points: the sign rules, SGD and Momentum
 * diverge from 3e-3 (some from 1e-3) while Adam's best rates are 3e-2 and 1e-1, so a shared grid would measure where
 * the grid sits rather than the optimizer. A sweep over 1e-6 .. 3 in half decades from each of
 * {@link StartPoint#COMPARISON} chose them:
 * <ul>
 *   <li>SGD: 1e-4, 3e-4, 1e-3, 3e-3 (best 1e-3 from every start; 3e-3 oscillates, and diverges from (-1.5, 2);
 *       1e-2 diverges everywhere: the curvature near (1, 1) is about 1000)</li>
 *   <li>Momentum (Nesterov, 0.9): 3e-5, 1e-4, 3e-4, 1e-3 (best 1e-3 from every start; 3e-3 diverges everywhere)</li>
 *   <li>RMSProp (DL4J defaults, decay 0.95, epsilon 1e-8): 3e-4, 1e-3, 3e-3, 1e-2 (best 1e-3 or 3e-3)</li>
 *   <li>Adam (0.9, 0.999): 3e-3, 1e-2, 3e-2, 1e-1, each with epsilon 1e-3, 1e-4, ..., 1e-8 (the paper tunes
 *       Adam's epsilon over 1e-3 .. 1e-8; best 3e-3 from (0, 0), 3e-2 or 1e-1 from the others)</li>
 *   <li>PowerSign and AddSign: 1e-4, 3e-4, 1e-3, 3e-3 (they scale SGD's step by e^{+-1} or 0..2; best 1e-3, except
 *       PowerSign from (-1.5, 2), where 1e-3 diverges; 3e-3 diverges from every start but AddSign's from (0, 0))</li>
 *   <li>a rule given by the user: 1e-4, 1e-3, 1e-2, 1e-1 unless another grid is given (its scale is not known)</li>
 * </ul>
 */
public final class Optimizers {
    public static final List<Double> SGD_GRID = List.of(1e-4, 3e-4, 1e-3, 3e-3);
    public static final List<Double> MOMENTUM_GRID = List.of(3e-5, 1e-4, 3e-4, 1e-3);
    public static final List<Double> RMSPROP_GRID = List.of(3e-4, 1e-3, 3e-3, 1e-2);
    public static final List<Double> ADAM_GRID = List.of(3e-3, 1e-2, 3e-2, 1e-1);
    public static final List<Double> ADAM_EPSILONS = List.of(1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8);
    public static final List<Double> SIGN_GRID = List.of(1e-4, 3e-4, 1e-3, 3e-3);
    public static final List<Double> RULE_GRID = List.of(1e-4, 1e-3, 1e-2, 1e-1);
    public static final double MOMENTUM = 0.9;

    private Optimizers() {}

    public static Optimizer sgd() {
        return Optimizer.of("SGD", SGD_GRID, Sgd::new);
    }

    public static Optimizer momentum() {
        return Optimizer.of("Momentum", MOMENTUM_GRID, lr -> new Nesterovs(lr, MOMENTUM));
    }

    public static Optimizer rmsProp() {
        return Optimizer.of("RMSProp", RMSPROP_GRID, RmsProp::new);
    }

    public static Optimizer adam() {
        return Optimizer.withEpsilon("Adam", ADAM_GRID, ADAM_EPSILONS,
                eps -> (lr, totalSteps) -> new Adam(lr, Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY,
                        Adam.DEFAULT_ADAM_BETA2_VAR_DECAY, eps));
    }

    /** SGD, Momentum, RMSProp and Adam. */
    public static List<Optimizer> baselines() {
        return List.of(sgd(), momentum(), rmsProp(), adam());
    }

    /** The baselines plus PowerSign and AddSign, as in the paper's Figure 5. */
    public static List<Optimizer> figure5() {
        List<Optimizer> all = new ArrayList<>();
        all.addAll(discovered());
        all.addAll(baselines());
        return all;
    }

    /** PowerSign and AddSign with their defaults. */
    public static List<Optimizer> discovered() {
        return List.of(powerSign(), addSign());
    }

    /** PowerSign, e^(sign(g) sign(m)) g, beta 0.9. */
    public static Optimizer powerSign() {
        return Optimizer.of("PowerSign", SIGN_GRID, PowerSign::new);
    }

    /** AddSign, (1 + sign(g) sign(m)) g, beta 0.9. */
    public static Optimizer addSign() {
        return Optimizer.of("AddSign", SIGN_GRID, AddSign::new);
    }

    /**
     * A rule of the nos language run by {@link RuleUpdater}, with T = the run's iterations (for ld, cd, rd) and a
     * seed for its random numbers.
     */
    public static Optimizer rule(String name, Rule rule, List<Double> grid, long seed) {
        return new Optimizer(name, grid, List.of(),
                eps -> (lr, totalSteps) -> new RuleUpdater(rule, lr).totalSteps(totalSteps).seed(seed));
    }
}
