package io.leadscore.monitoring.report;

import io.leadscore.monitoring.MonitoringErrors;
import io.leadscore.monitoring.PerformanceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's own charts as PNG (XChart, headless): the score histogram and the realised-AUC trend. */
final class Charts {
  private static final int W = 640;
  private static final int H = 320;

  private Charts() {}

  /** Leads per score band 0-9, 10-19, ... 90-100. */
  static byte[] scoreHistogram(long[] bands) {
    CategoryChart c = new CategoryChartBuilder().width(W).height(H).title("Scores tonight")
        .xAxisTitle("score (0-100)").yAxisTitle("leads").build();
    c.getStyler().setLegendVisible(false);
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < bands.length; i++) {
      labels.add(i * 10 + "-" + (i == bands.length - 1 ? 100 : i * 10 + 9));
      values.add(bands[i]);
    }
    c.addSeries("leads", labels, values);
    return png(c);
  }

  /** Realised AUC per score date, one line per model version, with each version's holdout AUC dashed. */
  static byte[] aucTrend(List<PerformanceRow> rows) {
    XYChart c = new XYChartBuilder().width(W).height(H).title("Realised AUC by score date")
        .xAxisTitle("days since the first score date").yAxisTitle("AUC").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
    Map<String, List<PerformanceRow>> byVersion = new TreeMap<>();
    rows.stream().filter(r -> !Double.isNaN(r.auc()))
        .forEach(r -> byVersion.computeIfAbsent(r.modelVersion(), v -> new ArrayList<>()).add(r));
    if (byVersion.isEmpty()) {
      c.addSeries("no closed score date yet", new double[] {0}, new double[] {0.5});
      return png(c);
    }
    long first = rows.stream().mapToLong(r -> java.time.LocalDate.parse(r.scoreDate()).toEpochDay()).min().orElse(0);
    byVersion.forEach((v, list) -> {
      double[] x = list.stream().mapToDouble(r -> java.time.LocalDate.parse(r.scoreDate()).toEpochDay() - first)
          .toArray();
      c.addSeries("v" + v + " realised", x, list.stream().mapToDouble(PerformanceRow::auc).toArray())
          .setMarker(SeriesMarkers.CIRCLE);
      double base = list.get(0).baselineAuc();
      if (!Double.isNaN(base)) {
        double[] flat = new double[x.length];
        java.util.Arrays.fill(flat, base);
        c.addSeries("v" + v + " holdout", x, flat).setMarker(SeriesMarkers.NONE);
      }
    });
    return png(c);
  }

  private static byte[] png(Chart<?, ?> chart) {
    System.setProperty("java.awt.headless", "true");
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw MonitoringErrors.wrap("Cannot render chart '" + chart.getTitle() + "': " + e.getMessage(), e);
    }
  }
}
