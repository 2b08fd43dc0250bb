package io.leadscore.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.ingest.RowKey;
import io.leadscore.core.runs.JobSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real X Education export with its id columns (Prospect ID, Lead Number) removed runs the whole nightly
 * by configuration only: {@code conf/xeducation-rowkey.conf} ({@code key = ["@row"]}) and {@code --input}.
 * Every row is accounted for (scored, or not scored because it already converted), every id is the file's
 * hash and the record number, training leads are scored out of fold, and the holdout AUC is in line with the
 * same export trained with its ids. Skipped where the shared data is absent.
 */
class XEducationRowKeyTest {
  static final String DATE = XEducationExport.DATE;
  /**
   * The small grid and XGBoost alone, not conf/local.conf's ensemble: the test is about row keys, not the model
   * (XEducationPromotionTest keeps the ensemble on the real export).
   */
  static final List<String> SMALL_GRID = Stream.concat(XEducationExport.setArgs(XEducationExport.SMALL_GRID).stream(),
      Stream.of("--set", "leadscore.training.ensemble.enabled=false")).toList();

  @TempDir
  Path dir;

  @Test
  void theExportWithoutIdsIngestsTrainsAndScoresWithRowKeys() throws Exception {
    Path csv = XEducationExport.csvOrSkip();
    Path stripped = dir.resolve("Leads.csv");
    int rowsIn = stripIds(csv, stripped);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(stripped)));

    Path json = dir.resolve("rowkey.json");
    XEducationExport.Setup rowKeys = XEducationExport.setUp(dir, "rowkey", "xeducation-rowkey.conf");
    Result idless = run(rowKeys.conf(), stripped, json, "nightly");
    assertEquals(0, idless.code(), idless.out() + idless.err());
    Map<String, Object> s = JobSummary.parse(Files.readString(json));
    assertEquals(rowsIn, number(s, "received"));
    assertEquals(rowsIn, number(s, "accepted"));
    long scored = number(s, "scored");
    @SuppressWarnings("unchecked")
    Map<String, Object> notScored = (Map<String, Object>) s.get("not_scored");
    assertEquals(Map.of("converted", notScored.get("converted")), notScored, "only converted leads go unscored");
    assertEquals(rowsIn, scored + ((Number) notScored.get("converted")).longValue(), "rows in = scored + converted");

    SparkSession spark = SparkTestSession.get();
    Dataset<Row> scores = spark.read().format("delta").load(rowKeys.lakehouse().resolve("gold/lead_scores").toString());
    assertEquals(scored, scores.count());
    assertEquals(scored, scores.select("lead_id").distinct().count());
    Row first = scores.orderBy("lead_id").first();
    String id = first.getString(first.fieldIndex("lead_id"));
    assertTrue(id.startsWith(RowKey.prefix(sha)), id + " is the stripped file's hash prefix and a row number");
    Dataset<Row> silver = spark.read().format("delta").load(rowKeys.lakehouse().resolve("silver/leads").toString());
    long row = Long.parseLong(id.substring(id.indexOf('-') + 1));
    assertEquals(0, silver.filter(col("lead_id").equalTo(id)).first().<Integer>getAs("converted"),
        "a scored lead is open");
    assertEquals(row, silver.filter(col("lead_id").equalTo(id)).first().<Long>getAs("_row_number"));
    Map<String, Long> bySource = new TreeMap<>();
    scores.groupBy("score_source").count().collectAsList().forEach(r -> bySource.put(r.getString(0), r.getLong(1)));
    assertTrue(bySource.getOrDefault("out_of_fold", 0L) > scored / 2, "training leads are scored out of fold: "
        + bySource);
    assertTrue(bySource.getOrDefault("holdout", 0L) > 0, bySource.toString());

    // the reference: the same export with its ids, up to training (its scoring is not what is compared)
    Path withIds = dir.resolve("withids.json");
    Path withIdsConf = XEducationExport.setUp(dir, "withids", "xeducation.conf").conf();
    Result ided = run(withIdsConf, csv, withIds, "ingest", "features", "train");
    assertEquals(0, ided.code(), ided.out() + ided.err());
    Map<String, Object> w = JobSummary.parse(Files.readString(withIds));
    double auc = ((Number) s.get("holdout_auc")).doubleValue();
    double reference = ((Number) w.get("holdout_auc")).doubleValue();
    System.err.printf("X Education without ids: holdout AUC %.4f (with ids %.4f), scored %d %s; stages %s, with "
        + "ids %s%n", auc, reference, scored, bySource, s.get("stages"), w.get("stages"));
    // two lead-hash holdouts of ~1,850 leads each: the AUC's standard error is about 0.01
    assertEquals(reference, auc, 0.03, "the same rows under other ids train as well");
  }

  /** The stages through the command line ({@code nightly}, or one command after the other, one summary). */
  private Result run(Path conf, Path input, Path json, String... commands) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, Object> merged = new java.util.LinkedHashMap<>();
    Map<String, Object> stages = new java.util.LinkedHashMap<>();
    int code = 0;
    for (String command : commands) {
      List<String> args = new ArrayList<>(List.of(command, "--date", DATE, "--conf", conf.toString(),
          "--summary-json", json.toString(), "--quiet"));
      if (!command.equals("features") && !command.equals("train")) {
        args.addAll(List.of("--input", input.toString()));
      }
      args.addAll(SMALL_GRID);
      code = Math.max(code, new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute(args.toArray(String[]::new)));
      Map<String, Object> one = JobSummary.parse(Files.readString(json));
      merged.putAll(one);
      if (one.get("stages") instanceof Map<?, ?> m) {
        m.forEach((k, v) -> stages.put(String.valueOf(k), v));
      }
    }
    merged.put("stages", stages);
    Files.writeString(json, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(merged));
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {}

  private static long number(Map<String, Object> summary, String key) {
    assertTrue(summary.containsKey(key), key + " in " + summary.keySet());
    return ((Number) summary.get(key)).longValue();
  }

  /** The export without its first two columns (Prospect ID, Lead Number); one record per line in this file. */
  static int stripIds(Path from, Path to) throws Exception {
    List<String> lines = Files.readAllLines(from, StandardCharsets.UTF_8);
    assertTrue(lines.get(0).startsWith("Prospect ID,Lead Number,"), lines.get(0));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", 3);
      assertTrue(i == 0 || f[0].matches("[0-9a-f-]{36}") && f[1].matches("[0-9]+"), "line " + (i + 1));
      out.add(f[2]);
    }
    Files.write(to, out, StandardCharsets.UTF_8);
    return out.size() - 1;
  }
}
