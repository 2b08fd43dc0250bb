package io.leadscore.training.report;

import io.leadscore.training.metrics.FoldMetrics;
import io.leadscore.training.tracking.RunRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Helpers that turn evaluation results into run metrics, tables and provenance tags. */
public final class RunRecords {
  private RunRecords() {}

  /** CV metrics: per fold (step = fold), mean and std; holdout metrics as holdout_*. */
  public static List<RunRecord.Metric> metrics(List<FoldMetrics> folds, FoldMetrics holdout) {
    List<RunRecord.Metric> out = new ArrayList<>();
    for (String key : holdout.asMap().keySet()) {
      for (int k = 0; k < folds.size(); k++) {
        out.add(new RunRecord.Metric("cv_fold_" + key, folds.get(k).asMap().get(key), k));
      }
      out.add(new RunRecord.Metric("cv_" + key, FoldMetrics.mean(folds, f -> f.asMap().get(key)), 0));
      out.add(new RunRecord.Metric("cv_" + key + "_std", FoldMetrics.std(folds, f -> f.asMap().get(key)), 0));
      out.add(new RunRecord.Metric("holdout_" + key, holdout.asMap().get(key), 0));
    }
    return out;
  }

  /** A CSV table: header and rows, values as given. */
  public static byte[] csv(List<String> header, List<List<Object>> rows) {
    StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
    for (List<Object> r : rows) {
      b.append(String.join(",", r.stream().map(String::valueOf).toList())).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Per-fold and holdout metrics as one table. */
  public static byte[] foldTable(List<FoldMetrics> folds, FoldMetrics holdout) {
    List<String> header = new ArrayList<>(List.of("split"));
    header.addAll(holdout.asMap().keySet());
    List<List<Object>> rows = new ArrayList<>();
    for (int k = 0; k < folds.size(); k++) {
      List<Object> r = new ArrayList<>(List.of("fold_" + k));
      r.addAll(folds.get(k).asMap().values());
      rows.add(r);
    }
    List<Object> h = new ArrayList<>(List.of("holdout"));
    h.addAll(holdout.asMap().values());
    rows.add(h);
    return csv(header, rows);
  }

  public static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The git commit of the code: LEADSCORE_GIT_COMMIT, else `git rev-parse HEAD` here, else "unknown". */
  public static String gitCommit(Map<String, String> env) {
    String fromEnv = env.get("LEADSCORE_GIT_COMMIT");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      p.destroy();
    } catch (Exception e) {
      // no git on the machine (a production image): the env variable is the way
    }
    return "unknown";
  }
}
