package io.leadscore.monitoring.report;

import static io.leadscore.monitoring.report.ReportHtml.*;

import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.PerformanceRow;
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
    LeaderboardSection.render(b, d.leaderboard());
    DetailSections.model(b, d);
    DetailSections.drift(b, m);
    DetailSections.performance(b, m);
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
    b.append("<h3>The ten most frequent top reasons, by family and direction</h3><table><tr><th>top reason</th>"
        + "<th class=\"n\">leads</th></tr>");
    m.topReasons().forEach(e -> b.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">")
        .append(count(e.getValue())).append("</td></tr>"));
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
}
