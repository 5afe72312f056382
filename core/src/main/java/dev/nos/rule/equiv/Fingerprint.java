package dev.nos.rule.equiv;

import dev.nos.rule.Expr;
import dev.nos.rule.Rule;
import dev.nos.rule.eval.ElementInputs;
import dev.nos.rule.eval.RandomSource;
import dev.nos.rule.eval.ScalarEvaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A numeric fingerprint of a rule: its update evaluated by {@link ScalarEvaluator} on {@value #POINTS} fixed
 * pseudo-random inputs, each value rounded to 6 significant digits, hashed (16 hex digits). Rules that compute the
 * same function share a fingerprint (up to rounding at a digit boundary, which is very unlikely); rules that differ
 * almost surely do not.
 *
 * <p>The inputs (fixed seed) have g of both signs and magnitudes from 1e-4 to 10, m of both signs, v > 0, gamma of
 * both signs, w of both signs, and steps t from 0 to 99 out of T = 100. Random nodes ({@code eps}, {@code eps_t},
 * {@code drop}) draw from a source keyed by (input point, canonical key of the node), so commuted rules draw the same
 * numbers, and equal random subexpressions draw the same number. Values with |x| < 1e-12 count as 0; NaN, +Inf and
 * -Inf are tokens of their own.
 */
public final class Fingerprint {
    private Fingerprint() {}

    public static final int POINTS = 64;
    public static final long TOTAL_STEPS = 100;
    private static final long SEED = 0x5eed_2017L;
    private static final long[] STEPS = {0, 1, 2, 5, 10, 25, 50, 75, 99};
    private static final List<ElementInputs> INPUTS = inputs();

    private static List<ElementInputs> inputs() {
        Random r = new Random(SEED);
        List<ElementInputs> out = new ArrayList<>(POINTS);
        for (int i = 0; i < POINTS; i++) {
            double g = (i % 2 == 0 ? 1 : -1) * Math.pow(10, -4 + 5 * r.nextDouble());
            double m = (r.nextBoolean() ? 1 : -1) * Math.pow(10, -4 + 5 * r.nextDouble());
            double v = Math.pow(10, -8 + 10 * r.nextDouble());
            double gamma = (r.nextBoolean() ? 1 : -1) * Math.pow(10, -12 + 15 * r.nextDouble());
            double w = (r.nextBoolean() ? 1 : -1) * Math.pow(10, -2 + 3 * r.nextDouble());
            out.add(new ElementInputs(g, m, v, gamma, w, STEPS[i % STEPS.length], TOTAL_STEPS));
        }
        return Collections.unmodifiableList(out);
    }

    /** The fixed input points. */
    public static List<ElementInputs> points() {
        return INPUTS;
    }

    public static String of(Rule rule) {
        return of(rule.expression());
    }

    public static String of(Expr e) {
        StringBuilder sb = new StringBuilder();
        double[] values = values(e);
        for (double x : values) {
            sb.append(quantise(x)).append(';');
        }
        return sha256(sb.toString()).substring(0, 16);
    }

    /** The rule's update at each of the fixed points. */
    public static double[] values(Expr e) {
        double[] out = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            out[i] = ScalarEvaluator.evaluate(e, INPUTS.get(i), new KeyedSource(i));
        }
        return out;
    }

    /** 6 significant digits; 0 for |x| < 1e-12; {@code nan}, {@code +inf}, {@code -inf}. */
    static String quantise(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "+inf" : "-inf";
        }
        if (Math.abs(x) < 1e-12) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.5e", x);
    }

    /** Draws that depend only on the point and the canonical key of the node. */
    private record KeyedSource(int point) implements RandomSource {
        private Random random(Object node, long salt) {
            String key = node instanceof Expr e ? CanonicalKey.of(e) : String.valueOf(node);
            long h = 0xcbf29ce484222325L ^ salt;
            for (int i = 0; i < key.length(); i++) {
                h = (h ^ key.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ point) * 0x100000001b3L;
            return new Random(h ^ SEED);
        }

        @Override
        public double uniform(Object node) {
            return random(node, 1).nextDouble();
        }

        @Override
        public double gaussian(Object node) {
            return random(node, 2).nextGaussian();
        }
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : d) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
