package dev.nos.engine;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's Figure 4 for a search: the reward of every trial (dots), the running best (a solid line) and the mean
 * of the last 20 trials (dashed) against the trial number, optionally with other searches (random search on the
 * same budget) beside it.
 */
public final class RewardPlot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};

    /** Trials in the moving average. */
    static final int WINDOW = 20;

    private RewardPlot() {}

    /** Writes a PNG of the given searches (label to trials, in trial order). */
    public static void write(Path png, String title, Map<String, List<TrialEntry>> searches) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        int i = 0;
        for (Map.Entry<String, List<TrialEntry>> s : searches.entrySet()) {
            XYSeries dots = new XYSeries(s.getKey() + ": reward", false, true);
            XYSeries best = new XYSeries(s.getKey() + ": best so far", false, true);
            XYSeries mean = new XYSeries(s.getKey() + ": mean of last " + WINDOW, false, true);
            double max = Double.NEGATIVE_INFINITY;
            List<TrialEntry> trials = s.getValue();
            double windowSum = 0;
            for (int k = 0; k < trials.size(); k++) {
                TrialEntry e = trials.get(k);
                dots.add(e.trial(), e.reward());
                if (e.reward() > max && k > 0) {
                    best.add(e.trial(), max); // a step, not a slope
                }
                max = Math.max(max, e.reward());
                best.add(e.trial(), max);
                windowSum += e.reward() - (k >= WINDOW ? trials.get(k - WINDOW).reward() : 0);
                if (k + 1 >= WINDOW) {
                    mean.add(e.trial(), windowSum / WINDOW);
                }
            }
            Color c = COLORS[i % COLORS.length];
            int d = data.getSeriesCount();
            data.addSeries(dots);
            data.addSeries(best);
            renderer.setSeriesLinesVisible(d, false);
            renderer.setSeriesShapesVisible(d, true);
            renderer.setSeriesShape(d, new Ellipse2D.Double(-2, -2, 4, 4));
            renderer.setSeriesPaint(d, new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
            renderer.setSeriesLinesVisible(d + 1, true);
            renderer.setSeriesShapesVisible(d + 1, false);
            renderer.setSeriesPaint(d + 1, c);
            renderer.setSeriesStroke(d + 1, new BasicStroke(2.2f));
            data.addSeries(mean);
            renderer.setSeriesLinesVisible(d + 2, true);
            renderer.setSeriesShapesVisible(d + 2, false);
            renderer.setSeriesPaint(d + 2, c.darker());
            renderer.setSeriesStroke(d + 2, new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            i++;
        }
        NumberAxis x = new NumberAxis("trial");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("reward (validation accuracy)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 560);
    }

    /** One search. */
    public static void write(Path png, String title, String label, List<TrialEntry> trials) throws IOException {
        Map<String, List<TrialEntry>> m = new LinkedHashMap<>();
        m.put(label, trials);
        write(png, title, m);
    }
}
