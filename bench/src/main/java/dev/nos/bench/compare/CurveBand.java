package dev.nos.bench.compare;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** A statistic of several searches (seeds) at one point: their mean, standard deviation, least and greatest value. */
public record CurveBand(double mean, double sd, double min, double max, int n) {

    /** The band of {@code statistic} over {@code curves}, skipping curves where it is NaN. */
    public static CurveBand over(List<SearchCurve> curves, ToDoubleFunction<SearchCurve> statistic) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        double[] values = new double[curves.size()];
        for (SearchCurve c : curves) {
            double v = statistic.applyAsDouble(c);
            if (!Double.isNaN(v)) {
                values[n++] = v;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (n == 0) {
            return new CurveBand(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += (values[i] - mean) * (values[i] - mean);
        }
        return new CurveBand(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, min, max, n);
    }
}
