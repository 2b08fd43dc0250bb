package io.leadscore.monitoring.report;

import io.leadscore.monitoring.Alert;
import io.leadscore.monitoring.FeatureDrift;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.PerformanceRow;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nightly report as one self-contained HTML file (inline CSS, charts as base64 PNG, no script, nothing
 * fetched from the network). Headlines come first, for a sales manager; the model and drift detail follow,
 * for data scientists. Every number carries its unit; no raw JSON.
 */
public final class NightlyReport {
  private static final String CSS = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
      + "margin:2em auto;max-width:1000px;color:#1d2733;background:#fff}h1{font-size:1.6em;margin-bottom:.2em}"
      + "h2{font-size:1.25em;border-bottom:2px solid #dde3ea;padding-bottom:.2em;margin-top:1.8em}"
      + ".sub{color:#5a6b7d;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:1em 0}"
      + ".card{flex:1 1 200px;border:1px solid #dde3ea;border-radius:8px;padding:12px 16px;background:#f7f9fb}"
      + ".card b{display:block;font-size:1.6em}.ok{color:#1b7f3b}.warn{color:#b26a00}.bad{color:#b3261e}"
      + "table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}"
      + "th,td{border-bottom:1px solid #e4e9ef;padding:4px 8px;text-align:left}td.n,th.n{text-align:right}"
      + "tr.alert td{background:#fdecea}img{max-width:100%;height:auto;border:1px solid #eef1f4;margin:4px 0}"
      + ".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:8px}"
      + "ul.alerts li{margin:.3em 0}";

  private NightlyReport() {}

  public static String html(ReportData d) {
    MonitorResult m = d.monitor();
    StringBuilder b = new StringBuilder(32_768);
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lead scoring nightly report ")
        .append(esc(m.date())).append("</title><style>").append(CSS).append("</style></head><body>");
    b.append("<h1>Lead scoring: nightly report for ").append(esc(m.date())).append("</h1>");
    b.append("<p class=\"sub\">").append(esc(d.championLabel())).append(" scored tonight; run status <b class=\"")
        .append(statusClass(d.run().status())).append("\">").append(esc(d.run().status())).append("</b></p>");
    headlines(b, d);
    alerts(b, m);
    scores(b, m);
    model(b, d);
    drift(b, m);
    performance(b, m);
    runStatus(b, d.run());
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void headlines(StringBuilder b, ReportData d) {
    MonitorResult m = d.monitor();
    b.append("<h2>Headlines</h2><div class=\"cards\">");
    card(b, count(m.scored()) + " leads", "scored tonight", "");
    long a = m.tierMix().getOrDefault("A", 0L);
    card(b, count(a) + " leads", "in tier A, call these first", "");
    String verdict = m.alerts().isEmpty() ? "No alerts" : m.alerts().size() + (m.alerts().size() == 1 ? " alert"
        : " alerts");
    card(b, verdict, m.retrainRecommended() ? "retraining recommended" : m.alerts().isEmpty()
        ? "the model fits tonight's leads" : "check the data (see Alerts)", m.alerts().isEmpty() ? "ok" : "bad");
    PerformanceRow last = m.trend().stream().filter(r -> !Double.isNaN(r.auc())).reduce((x, y) -> y).orElse(null);
    if (last != null) {
      card(b, String.format(Locale.ROOT, "AUC %.3f", last.auc()), String.format(Locale.ROOT,
          "realised on leads scored %s (holdout %.3f)", last.scoreDate(), last.baselineAuc()), "");
    } else {
      Double auc = d.championMetrics().get("holdout_auc");
      card(b, auc == null ? "AUC n/a" : String.format(Locale.ROOT, "AUC %.3f", auc),
          "on the training holdout (no score date has closed yet)", "");
    }
    b.append("</div>");
  }

  private static void alerts(StringBuilder b, MonitorResult m) {
    b.append("<h2>Alerts</h2>");
    if (m.alerts().isEmpty()) {
      b.append("<p class=\"ok\">No alert tonight: the inputs, the scores and the realised performance are within "
          + "their thresholds.</p>");
    } else {
      b.append("<p>").append(m.retrainRecommended() ? "<b class=\"bad\">Retraining is recommended.</b> " : "")
          .append("Each alert says what crossed its threshold and what to do.</p><ul class=\"alerts\">");
      m.alerts().forEach(x -> b.append("<li><b>").append(esc(label(x.kind()))).append("</b>, ").append(esc(x.subject()))
          .append(": ").append(esc(x.message())).append("</li>"));
      b.append("</ul>");
    }
    m.notes().forEach(n -> b.append("<p class=\"warn\">").append(esc(n)).append("</p>"));
  }

  private static void scores(StringBuilder b, MonitorResult m) {
    b.append("<h2>Scores tonight</h2><table><tr><th>tier</th><th class=\"n\">leads tonight</th>")
        .append("<th class=\"n\">share</th><th class=\"n\">leads on ").append(esc(m.previousDate() == null ? "the night "
            + "before" : m.previousDate())).append("</th></tr>");
    for (Map.Entry<String, Long> e : m.tierMix().entrySet()) {
      b.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(count(e.getValue()))
          .append("</td><td class=\"n\">").append(pct(m.scored() == 0 ? 0 : e.getValue() / (double) m.scored()))
          .append("</td><td class=\"n\">").append(m.previousTierMix().containsKey(e.getKey())
              ? count(m.previousTierMix().get(e.getKey())) : "-").append("</td></tr>");
    }
    b.append("</table>");
    b.append(String.format(Locale.ROOT, "<p>Score shift: PSI %s against the model's holdout scores, %s against the "
        + "night before (below 0.1 is stable, above %s alerts).</p>", num(m.scorePsi()), num(m.scorePsiPrevious()),
        "0.2"));
    img(b, "Histogram of tonight's scores", Charts.scoreHistogram(m.scoreHistogram()));
    b.append("<h3>The ten most frequent top reasons</h3><table><tr><th>top reason</th><th class=\"n\">leads</th></tr>");
    m.topReasons().forEach(e -> b.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">")
        .append(count(e.getValue())).append("</td></tr>"));
    b.append("</table>");
  }

  private static void model(StringBuilder b, ReportData d) {
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

  private static void drift(StringBuilder b, MonitorResult m) {
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

  private static void performance(StringBuilder b, MonitorResult m) {
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

  @SuppressWarnings("unchecked")
  private static void runStatus(StringBuilder b, RunSnapshot run) {
    b.append("<h2>Run status</h2><p>Command <b>").append(esc(run.command())).append("</b>, status <b class=\"")
        .append(statusClass(run.status())).append("\">").append(esc(run.status())).append("</b>.</p>");
    if (run.problems().isEmpty()) {
      b.append("<p class=\"ok\">No problems.</p>");
    } else {
      b.append("<ul>");
      run.problems().forEach(p -> b.append("<li class=\"bad\">").append(esc(p)).append("</li>"));
      b.append("</ul>");
    }
    if (!run.stages().isEmpty()) {
      b.append("<table><tr><th>stage</th><th class=\"n\">duration</th></tr>");
      run.stages().forEach((s, sec) -> b.append("<tr><td>").append(esc(s)).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.1f s", sec)).append("</td></tr>"));
      b.append("</table>");
    }
    Object files = run.figures().get("files");
    if (files instanceof List<?> list && !list.isEmpty()) {
      b.append("<h3>Files received (received = accepted + quarantined)</h3><ul>");
      ((List<Object>) list).forEach(f -> b.append("<li>").append(esc(String.valueOf(f))).append("</li>"));
      b.append("</ul>");
    }
    Object notScored = run.figures().get("not_scored");
    if (notScored instanceof Map<?, ?> map && !map.isEmpty()) {
      b.append("<h3>Leads not scored, by reason</h3><table>");
      map.forEach((k, v) -> b.append("<tr><td>").append(esc(String.valueOf(k)).replace('_', ' '))
          .append("</td><td class=\"n\">").append(esc(String.valueOf(v))).append(" leads</td></tr>"));
      b.append("</table>");
    }
  }

  private static void card(StringBuilder b, String big, String small, String cls) {
    b.append("<div class=\"card\"><b class=\"").append(cls).append("\">").append(esc(big)).append("</b>")
        .append(esc(small)).append("</div>");
  }

  private static void img(StringBuilder b, String alt, byte[] png) {
    b.append("<img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">");
  }

  private static String label(String key) {
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

  private static String statusClass(String status) {
    return switch (status) {
      case "succeeded" -> "ok";
      case "degraded" -> "warn";
      default -> "bad";
    };
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
