package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Test helpers: views with offsets, random gradients, element-wise comparison. */
final class Arrays2 {
    private Arrays2() {}

    /** A view of n elements at offset {@code offset} inside a larger flat array (as DL4J's gradient views). */
    static INDArray view(DataType type, long offset, long n) {
        INDArray flat = Nd4j.zeros(type, 1, offset + n + 7);
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + n));
    }

    /** Gaussian values (std 1), every 17th exactly zero, rounded to the type. */
    static double[] gradient(Random r, int n, boolean isFloat) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            double x = i % 17 == 5 ? 0.0 : r.nextGaussian();
            g[i] = isFloat ? (double) (float) x : x;
        }
        return g;
    }

    static void set(INDArray a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            a.putScalar(i, x[i]);
        }
    }

    static double[] get(INDArray a) {
        double[] x = new double[(int) a.length()];
        for (int i = 0; i < x.length; i++) {
            x[i] = a.getDouble(i);
        }
        return x;
    }

    /**
     * Within {@code factor} times the error bound of each element ({@link ReferenceRule#bounds}), or equal; NaN
     * equal to NaN. Elements with an infinite or NaN bound are not compared: a loop computing in float cannot
     * promise them (a sign that may flip, a log near 0). Returns the number of elements compared.
     */
    static int assertWithin(double[] expected, double[] actual, double[] bounds, double factor, String what) {
        if (expected.length != actual.length) {
            fail(what + ": lengths " + expected.length + " vs " + actual.length);
        }
        int compared = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            double b = bounds[i];
            if (Double.isNaN(e) && Double.isNaN(a) || e == a) {
                compared++;
                continue;
            }
            if (!Double.isFinite(b)) {
                continue;
            }
            compared++;
            // float has no numbers between 0 and 2^-149: bounds below it allow that much
            if (!(Math.abs(e - a) <= factor * b + 0x1p-149)) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + " (error bound " + b + ")");
            }
        }
        return compared;
    }

    /** Equal up to relative {@code tol}, NaN equal to NaN, +0 equal to -0. */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": lengths " + expected.length + " vs " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a) || e == a) {
                continue;
            }
            if (!(Math.abs(e - a) <= tol * Math.max(Math.abs(e), Math.abs(a)))) {
                fail(what + ": element " + i + " expected " + e + " but was " + a);
            }
        }
    }
}
