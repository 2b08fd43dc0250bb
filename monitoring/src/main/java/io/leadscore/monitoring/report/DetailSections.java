package io.leadscore.monitoring.report;

import static io.leadscore.monitoring.report.ReportHtml.*;

import io.leadscore.monitoring.FeatureDrift;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.PerformanceRow;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The report's detail for data scientists: the champion, feature drift and the realised performance. */
final class DetailSections {
  private DetailSections() {}

  static void model(StringBuilder b, ReportData d) {
    b.append("<h2>Model</h2><p>").append(esc(d.championLabel())).append(" is the champion.");
    if (!d.championDecision().isBlank()) {
      b.append(" Its decision: ").append(esc(d.championDecision()));
    }
    b.append("</p><table><tr><th>holdout metric</th><th class=\"n\">value</th></tr>");
    for (String k : List.of("holdout_auc", "cv_auc", "precision_at_20", "lift_at_20", "top_vs_rest_at_20")) {
      Double v = d.championMetrics().get(k);
      if (v != null) {
        b.append("<tr><td>").append(esc(label(k))).append("</td><td class=\"n\">")
            .append(k.startsWith("precision") ? pct(v) : k.contains("lift") || k.contains("vs_rest")
                ? String.format(Locale.ROOT, "%.2f x", v) : String.format(Locale.ROOT, "%.3f", v))
            .append("</td></tr>");
      }
    }
    b.append("</table>");
    Object decision = d.run().figures().get("decision_reason");
    if (decision != null) {
      b.append("<p>Tonight's training: ").append(esc(String.valueOf(d.run().figures().get("decision")))).append(", ")
          .append(esc(String.valueOf(decision))).append("</p>");
    }
    if (!d.plots().isEmpty()) {
      b.append("<div class=\"grid\">");
      d.plots().forEach((name, png) -> img(b, name.replace(".png", "").replace('_', ' '), png));
      b.append("</div>");
    }
  }

  static void drift(StringBuilder b, MonitorResult m) {
    b.append("<h2>Feature drift</h2>");
    if (m.drift().isEmpty()) {
      b.append("<p>No drift measured tonight (see the notes above).</p>");
      return;
    }
    b.append("<p>Tonight's leads against the training data of the champion, worst first. PSI above 0.25 on an "
        + "important input (by gain rank) alerts.</p><table><tr><th>feature</th><th class=\"n\">gain rank</th>"
        + "<th class=\"n\">PSI</th><th class=\"n\">KS</th><th class=\"n\">KS p-value</th><th class=\"n\">missing in "
        + "training</th><th class=\"n\">missing tonight</th><th class=\"n\">unseen levels</th></tr>");
    java.util.Set<String> alerted = new java.util.HashSet<>();
    m.alerts().forEach(a -> alerted.add(a.subject()));
    m.drift().stream().sorted(Comparator.comparingDouble((FeatureDrift f) -> Double.isNaN(f.psi()) ? -1 : f.psi())
        .reversed()).forEach(f -> b.append(alerted.contains(f.feature()) ? "<tr class=\"alert\">" : "<tr>")
            .append("<td>").append(esc(f.feature())).append("</td><td class=\"n\">")
            .append(f.gainRank() == 0 ? "-" : "#" + f.gainRank()).append("</td><td class=\"n\">").append(num(f.psi()))
            .append("</td><td class=\"n\">").append(num(f.ks())).append("</td><td class=\"n\">")
            .append(Double.isNaN(f.pValue()) ? "-" : String.format(Locale.ROOT, "%.2g", f.pValue()))
            .append("</td><td class=\"n\">").append(pct(f.referenceMissing())).append("</td><td class=\"n\">")
            .append(pct(f.currentMissing())).append("</td><td class=\"n\">")
            .append(f.categorical() ? count(f.unseenLevels()) + " leads" : "-").append("</td></tr>"));
    b.append("</table>");
  }

  static void performance(StringBuilder b, MonitorResult m) {
    b.append("<h2>Realised performance</h2>");
    if (m.trend().isEmpty()) {
      b.append("<p>No score date has reached the end of its label horizon yet: realised AUC appears once leads "
          + "scored then have had the horizon to convert.</p>");
      return;
    }
    img(b, "Realised AUC by score date", Charts.aucTrend(m.trend()));
    b.append("<table><tr><th>score date</th><th>model</th><th class=\"n\">leads</th><th class=\"n\">converted</th>"
        + "<th class=\"n\">AUC</th><th class=\"n\">holdout AUC</th><th class=\"n\">precision in top 20%</th>"
        + "<th class=\"n\">lift</th><th>expected vs observed conversion per tier</th></tr>");
    for (PerformanceRow r : m.trend()) {
      StringBuilder tiers = new StringBuilder();
      r.tierObserved().forEach((t, obs) -> tiers.append(t).append(": ")
          .append(pct(r.tierExpected().getOrDefault(t, Double.NaN))).append(" vs ").append(pct(obs)).append("; "));
      b.append("<tr><td>").append(esc(r.scoreDate())).append("</td><td>v").append(esc(r.modelVersion()))
          .append("</td><td class=\"n\">").append(count(r.n())).append("</td><td class=\"n\">").append(count(r.positives()))
          .append("</td><td class=\"n\">").append(num(r.auc())).append("</td><td class=\"n\">").append(num(r.baselineAuc()))
          .append("</td><td class=\"n\">").append(pct(r.precisionAt20())).append("</td><td class=\"n\">")
          .append(Double.isNaN(r.lift()) ? "-" : String.format(Locale.ROOT, "%.2f x", r.lift())).append("</td><td>")
          .append(esc(tiers.toString())).append("</td></tr>");
    }
    b.append("</table>");
  }
}
