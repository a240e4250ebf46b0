package dev.groundup.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * The report's plots, drawn headless with JFreeChart into SVG (JFreeSVG): text, diffable, sharp at
 * any size.
 */
final class Charts {

  static final int WIDTH = 900;
  static final int HEIGHT = 520;
  private static final Color[] COLORS = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x7f7f7f)
  };

  /** One line of a plot: its name and its points. */
  record Line(String name, List<double[]> points) {}

  private Charts() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * A line plot to {@code file}.
   *
   * @param logX a logarithmic x axis
   * @param logY a logarithmic y axis
   * @param marker a horizontal line at this y (NaN for none), labelled {@code markerLabel}; left
   *     out when it is more than 1.5 times the data's range (say the figure in the title then)
   */
  static void plot(
      Path file,
      String title,
      String xLabel,
      String yLabel,
      List<Line> lines,
      boolean logX,
      boolean logY,
      double marker,
      String markerLabel)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Line line : lines) {
      XYSeries series = new XYSeries(line.name(), false, true);
      for (double[] p : line.points()) {
        if ((!logX || p[0] > 0) && (!logY || p[1] > 0) && !Double.isNaN(p[1])) {
          series.add(p[0], p[1]);
        }
      }
      data.addSeries(series);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < lines.size(); i++) {
      renderer.setSeriesShapesVisible(i, lines.get(i).points().size() <= 30);
      renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, axis(xLabel, logX), axis(yLabel, logY), renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    // a marker far above the data would squash it: then the title carries the figure instead
    if (!Double.isNaN(marker) && marker <= 1.5 * plot.getRangeAxis().getUpperBound()) {
      plot.getRangeAxis()
          .setUpperBound(Math.max(plot.getRangeAxis().getUpperBound(), marker * 1.08));
      ValueMarker m =
          new ValueMarker(
              marker,
              Color.DARK_GRAY,
              new BasicStroke(
                  1.5f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  1f,
                  new float[] {6f, 4f},
                  0f));
      m.setLabel(markerLabel);
      m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
      m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
      plot.addRangeMarker(m);
    }
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = chart.getLegend();
    legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    Files.createDirectories(file.toAbsolutePath().getParent());
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
    SVGUtils.writeToSVG(file.toFile(), g2.getSVGElement());
  }

  private static org.jfree.chart.axis.ValueAxis axis(String label, boolean log) {
    if (log) {
      LogAxis a = new LogAxis(label);
      a.setBase(10);
      a.setSmallestValue(1e-3);
      a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1)); // one tick a decade
      a.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
      return a;
    }
    NumberAxis a = new NumberAxis(label);
    a.setAutoRangeIncludesZero(true);
    return a;
  }

  /**
   * The points of an HdrHistogram percentile distribution file ({@code .hgrm}): x is {@code
   * 1/(1-percentile)} (so that 99 % is 100, 99.9 % is 1000), y the latency in ms.
   */
  static List<double[]> percentileCurve(Path hgrm) throws IOException {
    List<double[]> points = new ArrayList<>();
    for (String line : Files.readAllLines(hgrm)) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 4 || line.startsWith("#")) {
        continue;
      }
      try {
        double value = Double.parseDouble(f[0]);
        double inverse = Double.parseDouble(f[3]);
        points.add(new double[] {inverse, value});
      } catch (NumberFormatException e) {
        // the header line
      }
    }
    return points;
  }
}
