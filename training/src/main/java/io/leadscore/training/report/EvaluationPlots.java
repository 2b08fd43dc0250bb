package io.leadscore.training.report;

import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.metrics.BinaryMetrics.Point;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The evaluation plots of a run as PNG bytes (XChart, headless): ROC, PR, gains, calibration, importance. */
public final class EvaluationPlots {
  private static final int W = 640;
  private static final int H = 480;
  // curves of large holdouts are thinned to this many points: the PNG looks the same
  private static final int MAX_POINTS = 2_000;

  private EvaluationPlots() {}

  /** File name -> PNG for the holdout metrics and the final model's feature gains. */
  public static Map<String, byte[]> render(BinaryMetrics holdout, int calibrationBins, Map<String, Double> gain,
                                           String title) {
    System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("roc.png", png(xy("ROC, " + title + String.format(" (AUC %.3f)", holdout.auc()),
        "false positive rate", "true positive rate", holdout.rocCurve(), "model", List.of(new Point(0, 0), new Point(1, 1)),
        "random")));
    out.put("precision_recall.png", png(xy("Precision-recall, " + title + String.format(" (PR-AUC %.3f)", holdout.prAuc()),
        "recall", "precision", holdout.prCurve(), "model",
        List.of(new Point(0, holdout.baseRate()), new Point(1, holdout.baseRate())), "base rate")));
    out.put("gains.png", png(xy("Cumulative gains, " + title, "share of leads contacted (by score)",
        "share of conversions found", holdout.gainsCurve(), "model", List.of(new Point(0, 0), new Point(1, 1)),
        "random")));
    List<Point> calibration = new ArrayList<>();
    for (BinaryMetrics.CalibrationBin b : holdout.calibration(calibrationBins)) {
      calibration.add(new Point(b.meanPredicted(), b.observedRate()));
    }
    XYChart cal = xy("Calibration, " + title + String.format(" (ECE %.3f, %d bins)",
        holdout.expectedCalibrationError(calibrationBins), calibrationBins), "mean predicted probability",
        "observed conversion rate", calibration,
        "model", List.of(new Point(0, 0), new Point(1, 1)), "perfect");
    cal.getSeriesMap().get("model").setMarker(SeriesMarkers.CIRCLE);
    out.put("calibration.png", png(cal));
    out.put("feature_importance.png", png(importance(gain, title)));
    return out;
  }

  private static XYChart xy(String title, String x, String y, List<Point> curve, String name, List<Point> reference,
                            String referenceName) {
    XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle(x).yAxisTitle(y).build();
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    List<Point> thin = thin(curve);
    XYSeries s = c.addSeries(name, thin.stream().mapToDouble(Point::x).toArray(),
        thin.stream().mapToDouble(Point::y).toArray());
    s.setMarker(SeriesMarkers.NONE);
    XYSeries r = c.addSeries(referenceName, reference.stream().mapToDouble(Point::x).toArray(),
        reference.stream().mapToDouble(Point::y).toArray());
    r.setMarker(SeriesMarkers.NONE);
    return c;
  }

  private static CategoryChart importance(Map<String, Double> gain, String title) {
    CategoryChart c = new CategoryChartBuilder().width(W).height(H).title("Feature importance (total gain), " + title)
        .xAxisTitle("feature").yAxisTitle("share of total gain").build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisLabelRotation(60);
    double total = gain.values().stream().mapToDouble(Double::doubleValue).sum();
    List<Map.Entry<String, Double>> top = gain.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(20).toList();
    if (top.isEmpty()) {
      top = List.of(Map.entry("(none)", 0.0));
    }
    c.addSeries("gain", top.stream().map(Map.Entry::getKey).toList(),
        top.stream().map(e -> total == 0 ? 0.0 : e.getValue() / total).toList());
    return c;
  }

  private static List<Point> thin(List<Point> curve) {
    if (curve.size() <= MAX_POINTS) {
      return curve;
    }
    List<Point> out = new ArrayList<>();
    double step = (curve.size() - 1) / (double) (MAX_POINTS - 1);
    for (int i = 0; i < MAX_POINTS; i++) {
      out.add(curve.get((int) Math.round(i * step)));
    }
    return out;
  }

  private static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw TrainingErrors.cannot("render plot '" + chart.getTitle() + "'", e);
    }
  }
}
