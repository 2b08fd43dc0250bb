package io.leadscore.monitoring.report;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.monitoring.Alert;
import io.leadscore.monitoring.FeatureDrift;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.TwoSampleKs;
import io.leadscore.monitoring.PerformanceRow;
import io.leadscore.monitoring.RepLeaderboard;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly report in a real browser: headless Chromium (Debian {@code chromium}) renders the file, its
 * console stays silent, the DOM has the expected headings, and the screenshot is not blank. CI
 * ({@code .ci/run}) installs Chromium; only a local machine without it and outside CI skips, saying so.
 */
class NightlyReportChromiumTest {
  @TempDir
  Path dir;

  /** A drift row from its values in the order of the drift table's columns. */
  static FeatureDrift drift(String f, boolean categorical, double psi, double ks, double p, double refMissing,
                            double curMissing, long unseen, long rows, int rank) {
    return new FeatureDrift(f, categorical, psi, new TwoSampleKs.Result(ks, p),
        new FeatureDrift.MissingRates(refMissing, curMissing), unseen, rows, rank);
  }

  static ReportData sample() {
    List<FeatureDrift> drift = List.of(
        drift("lead_source", true, 0.61, Double.NaN, Double.NaN, 0.0, 0.0, 12, 1500, 1),
        drift("pricing_views_30d", false, 0.08, 0.06, 0.004, 0.0, 0.0, 0, 1500, 2),
        drift("days_since_last_touch", false, 0.02, 0.03, 0.41, 0.12, 0.35, 0, 1500, 3));
    List<Alert> alerts = List.of(
        new Alert(Alert.FEATURE_DRIFT, "lead_source", 0.61, 0.25, "PSI 0.610 > 0.25 on the model's #1 input"),
        new Alert(Alert.SCORE_DRIFT, "score", 0.33, 0.2, "score PSI 0.330 > 0.20 against the champion's holdout"));
    List<PerformanceRow> trend = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      trend.add(new PerformanceRow("2026-10-0" + (i + 1), "3", 800, 120,
          new PerformanceRow.Ranking(0.82 - i * 0.03, 0.35, 2.3), 0.81, new PerformanceRow.TierCalibration(
          Map.of("A", 0.4, "B", 0.25), Map.of("A", 0.38 - i * 0.04, "B", 0.2), Map.of("A", 40L, "B", 120L))));
    }
    Map<String, Long> tiers = new java.util.TreeMap<>(Map.of("A", 75L, "B", 225L, "C", 450L, "D", 750L));
    MonitorResult m = new MonitorResult("2026-11-24", "3", new MonitorResult.ScoreMix(1500, tiers,
        new long[] {400, 300, 250, 200, 150, 100, 50, 30, 15, 5},
        List.of(Map.entry("Visited the pricing page 5 times in the last 7 days <b>", 210L),
            Map.entry("Came from a referral", 150L))),
        new MonitorResult.ScoreDrift(0.33, 0.05, "2026-11-23", Map.of("A", 70L, "B", 230L, "C", 440L, "D", 760L)),
        drift, new MonitorResult.Realised(trend.subList(5, 6), trend),
        new MonitorResult.Findings(alerts, List.of(), List.of()), new MonitorResult.Outputs(null, null));
    RunSnapshot run = new RunSnapshot("nightly", "degraded", List.of("[crm_pending] score: csv outbox: 3 changed scores "
        + "were not sent"), new LinkedHashMap<>(Map.of("ingest", 12.3, "features", 30.1)),
        Map.of("files", List.of("crm/2026-11-24/leads.csv: received 1502 = accepted 1500 + quarantined 2"),
            "not_scored", Map.of("converted", 40, "no_consent", 12)));
    return new ReportData(run, m, "leadscore v3", Map.of("holdout_auc", 0.81, "precision_at_20", 0.34, "lift_at_20",
        2.4), "promoted: gain 0.02", Map.of("score_histogram.png", Charts.scoreHistogram(new long[] {1, 2, 3, 4, 5,
        6, 7, 8, 9, 10})), leaderboard());
  }

  /** Two reps: Ana called in time and converted; Ben <i>late</i> (a name to escape) and converted nothing. */
  static ReportData.Leaderboard leaderboard() {
    java.time.LocalDate d = java.time.LocalDate.of(2026, 11, 20);
    java.time.Instant soon = java.time.Instant.parse("2026-11-20T09:00:00Z");
    java.time.Instant late = java.time.Instant.parse("2026-11-23T09:00:00Z");
    List<RepLeaderboard.Assigned> leads = List.of(
        new RepLeaderboard.Assigned("R00-1", "Ana DE", "L1", "A", d, soon, true),
        new RepLeaderboard.Assigned("R00-1", "Ana DE", "L2", "B", d, soon, false),
        new RepLeaderboard.Assigned("R01-1", "Ben <i>late</i>", "L3", "A", d, late, false),
        new RepLeaderboard.Assigned("R01-1", "Ben <i>late</i>", "L4", "B", d, null, false));
    return new ReportData.Leaderboard(RepLeaderboard.of(leads, Map.of("A", java.time.Duration.ofHours(24), "B",
        java.time.Duration.ofHours(72)), java.util.Set.of("A", "B"), java.time.LocalDate.of(2026, 11, 24)), 30,
        Map.of("A", "24h", "B", "72h"));
  }

  @Test
  void reportIsSelfContainedAndEscaped() {
    String html = NightlyReport.html(sample());
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing fetched from the network");
    assertFalse(html.contains("<script"), "no script");
    assertTrue(html.contains("in the last 7 days &lt;b&gt;"), "text is escaped");
    assertTrue(html.indexOf("<h2>Headlines</h2>") < html.indexOf("<h2>Feature drift</h2>"), "headlines first");
    assertTrue(html.contains("1,500 leads"), "numbers with units");
    assertFalse(html.contains("{\""), "no raw JSON");
  }

  @Test
  void rendersInHeadlessChromiumWithoutConsoleErrors() throws Exception {
    String chromium = chromium();
    Path file = dir.resolve("2026-11-24.html");
    Files.writeString(file, NightlyReport.html(sample()));
    Path profile = dir.resolve("profile");

    Path png = dir.resolve("report.png");
    // both at once (separate profiles): Chromium's start-up dominates, and the two runs need not wait for each other
    Started domRun = start(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="
        + profile + "-dom", "--enable-logging=stderr", "--v=0", "--dump-dom", file.toUri().toString()));
    Started shotRun = start(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="
        + profile + "-shot", "--hide-scrollbars", "--window-size=1100,1800", "--screenshot=" + png,
        file.toUri().toString()));
    Run dom = domRun.finish();
    assertEquals(0, dom.code(), dom.err());
    List<String> console = dom.err().lines().filter(l -> l.contains(":CONSOLE")).toList();
    assertEquals(List.of(), console, "console messages");
    for (String h : List.of("Headlines", "Alerts", "Scores tonight", "Reps' leaderboard", "Model", "Feature drift",
        "Realised performance", "Run status")) {
      assertTrue(dom.out().contains("<h2>" + h + "</h2>"), "heading " + h);
    }
    // the leaderboard's rows as the browser parsed them: each rep, best precision first, then the team
    List<String> rows = dom.out().lines().flatMap(l -> java.util.Arrays.stream(l.split("<tr")))
        .filter(r -> r.contains("R00-1") || r.contains("R01-1") || r.contains("Team (all reps)")).toList();
    assertEquals(3, rows.size(), "the leaderboard's rows: " + rows);
    assertTrue(rows.get(0).contains("Ana DE (R00-1)") && rows.get(0).contains("2 of 2 (100.0%)")
        && rows.get(0).contains("1 of 2") && rows.get(0).contains("50.0%"), rows.get(0));
    assertTrue(rows.get(1).contains("Ben &lt;i&gt;late&lt;/i&gt; (R01-1)") && rows.get(1).contains("0 of 2 (0.0%)"),
        rows.get(1));
    assertTrue(rows.get(2).contains("2 of 4 (50.0%)") && rows.get(2).contains("25.0%"), rows.get(2));
    assertTrue(dom.out().contains("Lead scoring: nightly report for 2026-11-24"));

    Run shot = shotRun.finish();
    assertEquals(0, shot.code(), shot.err());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1100, img.getWidth());
    double[] stats = luminance(img);
    assertTrue(stats[1] > 200, "screenshot looks blank: luminance variance " + stats[1]);
    assertTrue(stats[2] > 0.02, "screenshot looks blank: " + stats[2] + " of pixels not white");
    // kept for the README's screenshot (docs/monitoring-report.png) when asked for
    String keep = System.getProperty("leadscore.report.screenshot");
    if (keep != null) {
      Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** mean, variance, share of non-white pixels. */
  static double[] luminance(BufferedImage img) {
    double sum = 0;
    double sq = 0;
    long dark = 0;
    long n = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y);
        double l = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
        sum += l;
        sq += l * l;
        dark += l < 240 ? 1 : 0;
        n++;
      }
    }
    double mean = sum / n;
    return new double[] {mean, sq / n - mean * mean, dark / (double) n};
  }

  record Run(int code, String out, String err) {}

  record Started(Process p, Path out, Path err, List<String> command) {
    Run finish() throws IOException, InterruptedException {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("chromium did not finish in 120 s: " + command);
      }
      try {
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }
  }

  static Started start(List<String> command) throws IOException {
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Started(p, out, err, command);
  }

  static String chromium() {
    io.leadscore.core.ToolsInstall.await();
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    boolean ci = System.getenv("CI") != null || System.getenv("LEADSCORE_CI") != null;
    assertFalse(ci, "chromium is missing under CI: .ci/run installs Debian's chromium");
    Assumptions.abort("chromium is not installed (apt-get install chromium): the report's browser check is skipped "
        + "on this machine; CI runs it");
    return null;
  }
}
