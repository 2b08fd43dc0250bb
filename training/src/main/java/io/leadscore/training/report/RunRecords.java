package io.leadscore.training.report;

import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.core.Sha256;
import io.leadscore.models.metrics.PairedAuc;
import io.leadscore.training.promotion.PromotionPolicy;

import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.models.tracking.RunRecord;
import io.leadscore.training.xgb.Rows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Helpers that turn evaluation results into run metrics, tables and provenance tags. */
public final class RunRecords {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private RunRecords() {}

  /**
   * CV metrics per fold (step = fold), mean and std, and the holdout metrics, named as in the train stage's
   * summary so a run compares key by key: {@code cv_auc}, {@code cv_auc_std}, {@code cv_fold_auc},
   * {@code cv_precision_at_20}, {@code holdout_auc}, and the top-fraction metrics of the holdout without
   * prefix ({@code precision_at_20}, {@code recall_at_20}, {@code lift_at_20}).
   */
  public static List<RunRecord.Metric> metrics(List<FoldMetrics> folds, FoldMetrics holdout, double topFraction) {
    List<RunRecord.Metric> out = new ArrayList<>();
    for (String key : holdout.asMap().keySet()) {
      String name = named(key, topFraction);
      for (int k = 0; k < folds.size(); k++) {
        out.add(new RunRecord.Metric("cv_fold_" + name, folds.get(k).asMap().get(key), k));
      }
      out.add(new RunRecord.Metric("cv_" + name, FoldMetrics.mean(folds, f -> f.asMap().get(key)), 0));
      out.add(new RunRecord.Metric("cv_" + name + "_std", FoldMetrics.std(folds, f -> f.asMap().get(key)), 0));
      out.add(new RunRecord.Metric(holdoutName(key, topFraction), holdout.asMap().get(key), 0));
    }
    return out;
  }

  /** "precision_at_top" -> "precision_at_20" for a top fraction of 0.2; other keys unchanged. */
  public static String named(String key, double topFraction) {
    return key.endsWith("_at_top") ? key.replace("_at_top", "_at_" + percent(topFraction)) : key;
  }

  /** The summary's name of a holdout metric: precision_at_20 (top-fraction metrics), else holdout_<key>. */
  public static String holdoutName(String key, double topFraction) {
    return key.endsWith("_at_top") ? named(key, topFraction) : "holdout_" + key;
  }

  public static long percent(double topFraction) {
    return Math.round(topFraction * 100);
  }

  /**
   * The champion's AUC on this run's holdout and the gain over it ({@code holdout_auc - champion}), both as
   * metrics; none when there was no comparable champion.
   */
  public static List<RunRecord.Metric> championComparison(PairedAuc paired, double confidence) {
    if (paired == null) {
      return List.of();
    }
    // the paired DeLong comparison on the same holdout rows: the champion's AUC, the gain and its interval
    return List.of(new RunRecord.Metric("champion_holdout_auc", paired.aucA(), 0),
        new RunRecord.Metric("holdout_auc_gain", paired.gain(), 0),
        new RunRecord.Metric("holdout_auc_gain_lower", paired.lower(confidence), 0),
        new RunRecord.Metric("holdout_auc_gain_upper", paired.upper(confidence), 0));
  }

  /** The decision in one word, as run names, tags and the summary show it. */
  public static String decisionWord(PromotionPolicy.Verdict verdict) {
    return switch (verdict) {
      case PROMOTED -> "champion";
      case CHALLENGER -> "challenger";
      case REJECTED -> "rejected";
    };
  }

  /** A unique, readable run name: {@code <config> <date> v<N> <decision>} ("xeducation 2026-11-24 v3 champion"). */
  public static String runName(String config, String batchDate, int version, String decision) {
    return config + " " + batchDate + " v" + version + " " + decision;
  }

  /** The first {@code n} rows (feature values, NaN = missing) as an input example. */
  public static List<double[]> exampleRows(Rows rows, int n) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, rows.rows()); i++) {
      double[] r = new double[rows.cols()];
      for (int j = 0; j < r.length; j++) {
        r[j] = rows.x()[i * rows.cols() + j];
      }
      out.add(r);
    }
    return out;
  }

  /**
   * A Delta table as an MLflow dataset: the table version is the digest (the exact data), the path and
   * version the source, the feature columns the schema, the row count the profile.
   */
  public static RunRecord.Dataset deltaDataset(String name, String path, long version, List<String> features,
                                               long rows) {
    try {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("path", path);
      source.put("delta_table_version", version);
      List<Map<String, Object>> cols = new ArrayList<>();
      for (String f : features) {
        cols.add(column("double", f));
      }
      cols.add(column("integer", "label"));
      return new RunRecord.Dataset(name, "v" + version, "delta", JSON.writeValueAsString(source),
          JSON.writeValueAsString(Map.of("mlflow_colspec", cols)), JSON.writeValueAsString(Map.of("num_rows", rows)),
          "training");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw TrainingErrors.cannot("write the run record of dataset " + name + " as JSON", e);
    }
  }

  /**
   * One column of an MLflow column spec, its keys in MLflow's order: a {@code Map.of} iterates in an order that
   * changes from one JVM to the next, so the same training set gave run records that differed byte for byte.
   */
  private static Map<String, Object> column(String type, String name) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("name", name);
    c.put("required", true);
    return c;
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
    return Sha256.hex(s);
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
