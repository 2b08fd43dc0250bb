package io.leadscore.monitoring.report;

import io.leadscore.monitoring.Alert;
import java.util.Base64;
import java.util.Locale;

/** How the report writes values: escaped text, counts, shares and figures with their units, cards, images. */
final class ReportHtml {
  private ReportHtml() {}

  static void card(StringBuilder b, String big, String small, String cls) {
    b.append("<div class=\"card\"><b class=\"").append(cls).append("\">").append(esc(big)).append("</b>")
        .append(esc(small)).append("</div>");
  }

  static void img(StringBuilder b, String alt, byte[] png) {
    b.append("<img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">");
  }

  static String label(String key) {
    return switch (key) {
      case Alert.FEATURE_DRIFT -> "Feature drift";
      case Alert.FEATURE_KS -> "Distribution change (KS)";
      case Alert.MISSING_RATE -> "Missing values";
      case Alert.SCORE_DRIFT -> "Score drift";
      case Alert.AUC_DECAY -> "Performance decay";
      case "holdout_auc" -> "AUC on the holdout";
      case "cv_auc" -> "AUC in cross-validation";
      case "precision_at_20" -> "conversion rate in the top 20%";
      case "lift_at_20" -> "lift of the top 20% over the average";
      case "top_vs_rest_at_20" -> "top 20% rate over the bottom 80% rate";
      default -> key.replace('_', ' ');
    };
  }

  static String statusClass(String status) {
    return switch (status) {
      case "succeeded" -> "ok";
      case "degraded" -> "warn";
      default -> "bad";
    };
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
