package dev.nos.updater.loop;

import dev.nos.rule.Expr;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.eval.Decays;
import dev.nos.rule.eval.MovingAverages;
import dev.nos.updater.RuleRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Lowers a rule of the language to an {@link UpdateSpec} with the semantics of docs/rule-language.md and of the
 * reference {@code dev.nos.rule.eval.ScalarEvaluator}: m, v and gamma are the stored moving averages
 * ({@link MovingAverages}' betas) divided by their bias corrections, {@code adam} is {@code m / (sqrt(v) + delta)},
 * {@code eps} is {@code 0.1 * N(0, 1)}, the decays are per-step values of step t out of T. State slots are the rule's
 * {@link Rule#stateSlots()} in the order m, v, gamma. Random nodes draw from {@link RuleRandom#stream} of their
 * language node, so an updater draws the numbers it always drew.
 */
public final class RuleLowering {
    /** Step value 0 is the learning rate in every spec this class makes. */
    static final int LR = 0;

    private final Rule rule;
    private final long totalSteps;
    private final List<UpdateSpec.MovingAverage> averages = new ArrayList<>();
    private final Map<Rule.Slot, Integer> slotIndex = new LinkedHashMap<>();
    /** Per-step values after the learning rate, and their step-value indices by name (bc1, ld, cd(0.5), ...). */
    private final List<LongToDoubleFunction> values = new ArrayList<>();
    private final Map<String, Integer> valueIndex = new HashMap<>();

    private RuleLowering(Rule rule, long totalSteps) {
        this.rule = rule;
        this.totalSteps = totalSteps;
    }

    /**
     * The spec of {@code rule} with T = {@code totalSteps} (0 when unset: then a rule with a decay fails at its first
     * step, as {@link Decays} does).
     */
    public static UpdateSpec lower(Rule rule, long totalSteps) {
        return new RuleLowering(rule, totalSteps).spec();
    }

    private UpdateSpec spec() {
        for (Rule.Slot s : Rule.Slot.values()) {
            if (rule.stateSlots().contains(s)) {
                slotIndex.put(s, averages.size());
                averages.add(switch (s) {
                    case M -> new UpdateSpec.MovingAverage(1, MovingAverages.BETA1);
                    case V -> new UpdateSpec.MovingAverage(2, MovingAverages.BETA2);
                    case GAMMA -> new UpdateSpec.MovingAverage(3, MovingAverages.BETA3);
                });
            }
        }
        Node update = Node.mul(new Node.Step(LR), lower(rule.expression()));
        LongToDoubleFunction[] fs = values.toArray(new LongToDoubleFunction[0]);
        UpdateSpec.StepValues fill = (t, lr, out) -> {
            out[LR] = lr;
            for (int k = 0; k < fs.length; k++) {
                out[k + 1] = fs[k].applyAsDouble(t);
            }
        };
        return new UpdateSpec(averages, update, fs.length + 1, fill);
    }

    private Node lower(Expr e) {
        if (e instanceof Expr.Leaf l) {
            return operand(l.operand(), l);
        }
        if (e instanceof Expr.Apply a) {
            Node x = lower(a.argument());
            return switch (a.function().kind()) {
                case DROP -> new Node.Drop(a.function().param(), RuleRandom.stream(a), x);
                case NEG, EXP, LOG, SQRT, CLIP, SIGN -> // the same names, CLIP's bound the only parameter
                        new Node.Unary(Node.UnaryOp.valueOf(a.function().kind().name()), a.function().param(), x);
                case ID -> x;
            };
        }
        Expr.Combine c = (Expr.Combine) e;
        Node x = lower(c.left());
        Node y = lower(c.right());
        return switch (c.function()) {
            case ADD, SUB, MUL, DIV, POW -> new Node.Binary(Node.BinaryOp.valueOf(c.function().name()), x, y);
            case KEEP -> x;
        };
    }

    private Node operand(Operand op, Expr.Leaf leaf) {
        Node g = new Node.Gradient();
        return switch (op.kind()) {
            case G -> g;
            case G2 -> Node.mul(g, g);
            case G3 -> Node.mul(Node.mul(g, g), g);
            case M -> corrected(Rule.Slot.M, MovingAverages.BETA1, "bc1");
            case V -> corrected(Rule.Slot.V, MovingAverages.BETA2, "bc2");
            case GAMMA -> corrected(Rule.Slot.GAMMA, MovingAverages.BETA3, "bc3");
            // sign(m / bc) is sign(m): bc is positive and the division cannot underflow (bc <= 1)
            case SIGN_G -> Node.sign(g);
            case SIGN_M -> Node.sign(new Node.Average(slotIndex.get(Rule.Slot.M)));
            case ONE -> new Node.Constant(1.0);
            case TWO -> new Node.Constant(2.0);
            case EPS -> Node.mul(new Node.Constant(Decays.EPS_STD), new Node.Gaussian(RuleRandom.stream(leaf)));
            case WEIGHT -> Node.mul(new Node.Constant(op.param()), new Node.Weights());
            case ADAM -> new Node.Binary(Node.BinaryOp.DIV, operand(Operand.M_, leaf), sqrtOfV(leaf));
            case RMSPROP -> new Node.Binary(Node.BinaryOp.DIV, g, sqrtOfV(leaf));
            case LD -> step("ld", t -> Decays.linear(t, totalSteps));
            case CD -> step("cd(" + op.param() + ")", t -> Decays.cyclical(t, totalSteps, op.param()));
            case RD -> step("rd(" + op.param() + ")", t -> Decays.restart(t, totalSteps, op.param()));
            case EPS_T -> Node.mul(new Node.Gaussian(RuleRandom.stream(leaf)), step("eps_t std", Decays::annealedNoiseStd));
            case RESULT -> throw new IllegalArgumentException("a group result (" + op.token() + ") has no value of its own");
        };
    }

    private Node sqrtOfV(Expr.Leaf leaf) {
        return new Node.Unary(Node.UnaryOp.SQRT, 0, operand(Operand.V_, leaf));
    }

    private Node corrected(Rule.Slot slot, double beta, String name) {
        Integer k = slotIndex.get(slot);
        if (k == null) {
            throw new IllegalStateException("rule '" + rule.tokens() + "' reads " + slot + " but has no state slot for it");
        }
        return new Node.Binary(Node.BinaryOp.QUOTIENT, new Node.Average(k), step(name, t -> 1 - Math.pow(beta, t + 1)));
    }

    private Node step(String name, LongToDoubleFunction f) {
        return new Node.Step(valueIndex.computeIfAbsent(name, n -> {
            values.add(f);
            return values.size(); // after LR
        }));
    }
}
