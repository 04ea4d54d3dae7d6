package io.github.chunkedbuffer.bench.report;

import io.github.chunkedbuffer.bench.report.Result.Role;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/** Draws a workload's ratios as a horizontal bar chart, one bar per contender, coloured by role. */
final class Charts {
  private static final Color OURS = new Color(0x1f77b4);
  private static final Color PEER = new Color(0xff7f0e);
  private static final Color LIMIT = new Color(0x7f7f7f);

  private Charts() {}

  static void ratioChart(String title, List<Group> groups, Path file) throws IOException {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    List<Paint> paints = new ArrayList<>();
    for (Group g : groups) {
      Set<String> gp = g.sharedParams();
      for (Series s : g.rows()) {
        double ratio = g.ratio(s).median();
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
          continue;
        }
        String label =
            (groups.size() > 1 ? g.name() + " · " : "") + ReportGenerator.label(s.any(), gp);
        dataset.addValue(ratio, "× ref", label);
        paints.add(s.role() == Role.OURS ? OURS : s.role() == Role.PEER ? PEER : LIMIT);
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title,
            null,
            "throughput ÷ reference (1 = best peer, or best JDK limit where no peer ran)",
            dataset,
            PlotOrientation.HORIZONTAL, false, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    chart.addSubtitle(
        new TextTitle(
            "blue: ours   orange: peers (Netty, Okio)   grey: JDK baselines, limits and floors",
            new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    plot.addRangeMarker(new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f)));
    RoleRenderer renderer = new RoleRenderer(paints);
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    renderer.setMaximumBarWidth(0.08);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.00'×'")));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    plot.setRenderer(renderer);
    plot.getRangeAxis().setUpperMargin(0.15);
    int height = 120 + 26 * paints.size();
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, height);
  }

  /** Colours each bar (column of the single series) by its contender's role. */
  private static final class RoleRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private final List<Paint> paints;

    RoleRenderer(List<Paint> paints) {
      this.paints = List.copyOf(paints);
    }

    @Override
    public Paint getItemPaint(int row, int column) {
      return column < paints.size() ? paints.get(column) : LIMIT;
    }
  }
}
