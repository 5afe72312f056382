package dev.nos.updater;

import dev.nos.updater.loop.NioViews;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hands the parameter views of an updater block from {@link RuleWeightsAccess} (a regularization DL4J applies per
 * parameter just before the block's updater, on the same thread: see {@code UpdaterBlock.update}) to the
 * {@link RuleGradientUpdater} of that block. Pieces are keyed by the address of their gradient view; the updater
 * takes the pieces that tile its own gradient.
 */
final class WeightsHandOff {
    private WeightsHandOff() {}

    /** One parameter's views, as DL4J passed them to the regularization. */
    private record Piece(INDArray param, INDArray grad, long gradAddress, long length, int iteration) {}

    /** Weights for one step: a pointer at element 0 and what must stay reachable while it is used. */
    record Weights(Pointer base, Object keepAlive) {}

    private static final ThreadLocal<Map<Long, Piece>> PIECES = ThreadLocal.withInitial(HashMap::new);

    static void put(INDArray param, INDArray gradView, int iteration) {
        if (param.length() != gradView.length()) {
            throw new IllegalArgumentException("parameter view (" + param.length() + ") and gradient view ("
                    + gradView.length() + ") differ in length");
        }
        long address = NioViews.address(gradView);
        PIECES.get().put(address, new Piece(param, gradView, address, gradView.length(), iteration));
    }

    /**
     * The weights for {@code gradient} (a block's gradient) at {@code iteration}: one contiguous stretch of parameter
     * memory when the pieces' parameters are adjacent (as in DL4J's flat parameter vector), else a copy.
     */
    static Weights take(INDArray gradient, int iteration, String rule) {
        Map<Long, Piece> pieces = PIECES.get();
        boolean isFloat = NioViews.isFloat(gradient, "the gradient");
        int es = NioViews.elementSize(isFloat);
        long base = NioViews.address(gradient);
        long n = gradient.length();
        List<Piece> found = new ArrayList<>();
        long at = base;
        long covered = 0;
        while (covered < n) {
            Piece p = pieces.get(at);
            if (p == null || p.iteration != iteration) {
                throw new IllegalStateException("rule '" + rule + "' reads the weights, but the weights of "
                        + (n - covered) + " of the " + n + " parameters of this block were not handed over: add "
                        + "new RuleWeightsAccess() to every layer's regularization AND regularizationBias "
                        + "(e.g. .regularization(List.of(new RuleWeightsAccess())).regularizationBias(List.of(new RuleWeightsAccess())))");
            }
            found.add(p);
            covered += p.length;
            at += p.length * es;
        }
        if (covered != n) {
            throw new IllegalStateException("parameter views do not tile the gradient of this block (" + covered + " vs " + n + ")");
        }
        for (Piece p : found) {
            pieces.remove(p.gradAddress);
        }
        boolean adjacent = true;
        long expect = -1;
        for (Piece p : found) {
            if (!NioViews.isContiguous(p.param) || NioViews.isFloat(p.param, "the parameters") != isFloat) {
                adjacent = false;
                break;
            }
            long a = NioViews.address(p.param);
            if (expect >= 0 && a != expect) {
                adjacent = false;
                break;
            }
            expect = a + p.length * es;
        }
        if (adjacent) {
            List<INDArray> keep = new ArrayList<>();
            for (Piece p : found) {
                keep.add(p.param);
            }
            return new Weights(NioViews.base(found.get(0).param), keep);
        }
        INDArray[] parts = new INDArray[found.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = found.get(i).param.reshape(found.get(i).param.length()).castTo(gradient.dataType());
        }
        INDArray copy = Nd4j.concat(0, parts);
        return new Weights(NioViews.base(copy), copy);
    }
}
