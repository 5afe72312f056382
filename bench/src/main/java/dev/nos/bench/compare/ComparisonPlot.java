package dev.nos.bench.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The comparison's PNG: above, the best reward so far against rules trained; below, the mean reward of the last
 * {@code window} rules trained. Each searcher is a line (the mean over seeds) in a band (the least and greatest
 * seed).
 */
public final class ComparisonPlot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd)};

    private ComparisonPlot() {
    }

    /** Writes the PNG of {@code searches} (searcher name to one curve per seed), up to {@code rules} rules trained. */
    public static void write(Path png, String title, Map<String, List<SearchCurve>> searches, int rules, int window)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("rules trained"));
        XYPlot best = panel(searches, rules, "best reward so far", (c, n) -> c.bestAt(n), true);
        zoomOnTheTop(best, rules);
        plot.add(best, 3);
        plot.add(panel(searches, rules, "mean reward of the last " + window, (c, n) -> c.windowMeanAt(n, window),
                false), 2);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 720);
    }

    /** The best-so-far panel from its lowest value after the first tenth of the rules: where searches differ. */
    private static void zoomOnTheTop(XYPlot plot, int rules) {
        YIntervalSeriesCollection data = (YIntervalSeriesCollection) plot.getDataset();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                if (data.getXValue(s, i) >= Math.max(1, rules / 10.0)) {
                    low = Math.min(low, data.getStartYValue(s, i));
                    high = Math.max(high, data.getEndYValue(s, i));
                }
            }
        }
        if (low < high) {
            double pad = (high - low) * 0.05 + 1e-3;
            plot.getRangeAxis().setRange(low - pad, high + pad);
        }
    }

    private static XYPlot panel(Map<String, List<SearchCurve>> searches, int rules, String label,
                                ToDoubleBiFunction<SearchCurve, Integer> statistic, boolean inLegend) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        int i = 0;
        for (Map.Entry<String, List<SearchCurve>> e : searches.entrySet()) {
            YIntervalSeries series = new YIntervalSeries(e.getKey());
            for (int n = 1; n <= rules; n++) {
                int at = n;
                CurveBand band = CurveBand.over(e.getValue(), c -> c.trained() >= at ? statistic.applyAsDouble(c, at)
                        : Double.NaN);
                if (band.n() > 0) {
                    series.add(n, band.mean(), band.min(), band.max());
                }
            }
            data.addSeries(series);
            Color c = COLORS[i % COLORS.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            i++;
        }
        renderer.setAlpha(0.18f);
        renderer.setDefaultSeriesVisibleInLegend(inLegend);
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
