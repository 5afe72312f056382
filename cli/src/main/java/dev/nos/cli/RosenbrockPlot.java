package dev.nos.cli;

import dev.nos.rosenbrock.OptimizerResult;
import dev.nos.rosenbrock.RosenbrockFunction;
import dev.nos.rosenbrock.Run;
import dev.nos.rosenbrock.Trajectory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * Draws the Rosenbrock comparison as a PNG, like the paper's Figure 5: filled contours of log10 f over
 * [-2, 2] x [-1, 3] (an {@link XYBlockRenderer} with a {@link LookupPaintScale}), the best run of each
 * optimizer as a line, the start and the optimum (1, 1) as dots, and a legend. Runs headless.
 */
public final class RosenbrockPlot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final double X_MIN = -2, X_MAX = 2, Y_MIN = -1, Y_MAX = 3;
    private static final int GRID = 240;
    private static final double LOG_MIN = -1, LOG_MAX = 3.5, LOG_STEP = 0.25;

    private static final Color[] LINE_COLORS = {
            new Color(0xd6, 0x27, 0x28), new Color(0x1f, 0x77, 0xb4), new Color(0x2c, 0xa0, 0x2c),
            new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b),
            new Color(0xe3, 0x77, 0xc2), new Color(0x17, 0xbe, 0xcf), new Color(0x7f, 0x7f, 0x7f),
            new Color(0xbc, 0xbd, 0x22)};

    private RosenbrockPlot() {}

    /** Writes the chart as a PNG of the given size. */
    public static void write(List<OptimizerResult> results, double startX, double startY, int iterations,
                             File png, int width, int height) throws IOException {
        JFreeChart chart = chart(results, startX, startY, iterations);
        ChartUtils.saveChartAsPNG(png, chart, width, height);
    }

    static JFreeChart chart(List<OptimizerResult> results, double startX, double startY, int iterations) {
        NumberAxis xAxis = new NumberAxis("x");
        xAxis.setRange(X_MIN, X_MAX);
        NumberAxis yAxis = new NumberAxis("y");
        yAxis.setRange(Y_MIN, Y_MAX);
        xAxis.setTickUnit(new NumberTickUnit(0.5));
        yAxis.setTickUnit(new NumberTickUnit(0.5));

        XYPlot plot = new XYPlot();
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        // trajectories first: dataset 0 is drawn on top with the default (reverse) rendering order
        DefaultXYDataset lines = new DefaultXYDataset();
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        LegendItemCollection legend = new LegendItemCollection();
        int series = 0;
        for (OptimizerResult r : results) {
            if (r.best().isEmpty()) {
                continue;
            }
            Run best = r.best().get();
            Trajectory t = best.trajectory();
            String label = r.name() + String.format(" (lr %s, f %.2g)", fmt(best.learningRate()), best.finalLoss());
            lines.addSeries(label, new double[][]{t.xs(), t.ys()});
            Color c = LINE_COLORS[series % LINE_COLORS.length];
            lineRenderer.setSeriesPaint(series, c);
            lineRenderer.setSeriesStroke(series, new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            legend.add(new LegendItem(label, c));
            series++;
        }
        int pointSeries = series;
        Shape dot = new Ellipse2D.Double(-5, -5, 10, 10);
        lines.addSeries("start", new double[][]{{startX}, {startY}});
        lines.addSeries("optimum (1, 1)", new double[][]{{RosenbrockFunction.OPTIMUM_X}, {RosenbrockFunction.OPTIMUM_Y}});
        for (int s = pointSeries; s < pointSeries + 2; s++) {
            lineRenderer.setSeriesLinesVisible(s, false);
            lineRenderer.setSeriesShapesVisible(s, true);
            lineRenderer.setSeriesShape(s, dot);
        }
        lineRenderer.setSeriesPaint(pointSeries, Color.BLACK);
        lineRenderer.setSeriesPaint(pointSeries + 1, Color.WHITE);
        legend.add(new LegendItem("start", null, null, null, dot, Color.BLACK));
        legend.add(new LegendItem("optimum (1, 1)", null, null, null, dot, Color.WHITE, new BasicStroke(1f), Color.BLACK));
        plot.setDataset(0, lines);
        plot.setRenderer(0, lineRenderer);

        LookupPaintScale scale = paintScale();
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth((X_MAX - X_MIN) / GRID);
        blocks.setBlockHeight((Y_MAX - Y_MIN) / GRID);
        blocks.setPaintScale(scale);
        plot.setDataset(1, contours());
        plot.setRenderer(1, blocks);
        plot.setFixedLegendItems(legend);

        JFreeChart chart = new JFreeChart(
                "Rosenbrock, " + iterations + " iterations from (" + fmt(startX) + ", " + fmt(startY) + ")",
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setFrame(BlockBorder.NONE);

        NumberAxis scaleAxis = new NumberAxis("log10 f");
        scaleAxis.setRange(LOG_MIN, LOG_MAX);
        scaleAxis.setTickUnit(new NumberTickUnit(0.5));
        PaintScaleLegend scaleLegend = new PaintScaleLegend(scale, scaleAxis);
        scaleLegend.setPosition(RectangleEdge.RIGHT);
        scaleLegend.setMargin(new RectangleInsets(10, 6, 10, 6));
        scaleLegend.setStripWidth(14);
        scaleLegend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(scaleLegend);
        return chart;
    }

    /** log10 f on a GRID x GRID lattice of block centres, floored at LOG_MIN. */
    static DefaultXYZDataset contours() {
        int n = GRID * GRID;
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] zs = new double[n];
        double dx = (X_MAX - X_MIN) / GRID;
        double dy = (Y_MAX - Y_MIN) / GRID;
        int k = 0;
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double x = X_MIN + (i + 0.5) * dx;
                double y = Y_MIN + (j + 0.5) * dy;
                xs[k] = x;
                ys[k] = y;
                zs[k] = Math.max(LOG_MIN, Math.log10(RosenbrockFunction.value(x, y)));
                k++;
            }
        }
        DefaultXYZDataset d = new DefaultXYZDataset();
        d.addSeries("log10 f", new double[][]{xs, ys, zs});
        return d;
    }

    /** Bands of LOG_STEP in log10 f, from dark blue (low) through pale yellow to light red (high). */
    static LookupPaintScale paintScale() {
        LookupPaintScale scale = new LookupPaintScale(LOG_MIN, LOG_MAX + 1e-9, new Color(0xfd, 0xdb, 0xc7));
        int bands = (int) Math.round((LOG_MAX - LOG_MIN) / LOG_STEP);
        for (int b = 0; b < bands; b++) {
            double frac = b / (double) (bands - 1);
            scale.add(LOG_MIN + b * LOG_STEP, blend(frac));
        }
        return scale;
    }

    private static Color blend(double t) {
        // light palette so the lines stay visible: blue -> pale yellow -> salmon
        Color[] stops = {new Color(0x4a, 0x7f, 0xb5), new Color(0xab, 0xd0, 0xe6), new Color(0xf7, 0xf4, 0xc8),
                new Color(0xfd, 0xd0, 0xa2), new Color(0xf4, 0xa0, 0x8c)};
        double p = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(p));
        double f = p - i;
        Color a = stops[i];
        Color b = stops[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private static String fmt(double v) {
        return dev.nos.rule.Numbers.format(v);
    }
}
