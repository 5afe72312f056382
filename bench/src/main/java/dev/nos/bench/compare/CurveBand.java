package dev.nos.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A statistic of several searches (seeds) at one point: their mean, standard deviation, least and greatest value. */
public record CurveBand(double mean, double sd, double min, double max, int n) {

    /** The band of {@code statistic} over {@code curves}, skipping curves where it is NaN. */
    public static CurveBand over(List<SearchCurve> curves, ToDoubleFunction<SearchCurve> statistic) {
        List<Double> values = new ArrayList<>(curves.size());
        for (SearchCurve c : curves) {
            values.add(statistic.applyAsDouble(c));
        }
        return of(values);
    }

    /** The band of {@code values}, skipping NaN: the sample standard deviation, 0 for one value. */
    public static CurveBand of(List<Double> values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
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
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new CurveBand(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, min, max, n);
    }
}
