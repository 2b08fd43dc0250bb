package io.leadscore.ingest.privacy.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.privacy.LeadIdText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Takes erased lead ids out of what the runs wrote about themselves: the {@code job_runs} rows (summary and
 * message) and the text files under the storage root that are no table (nightly reports, run records, failure
 * traces). Summaries carry counts by design; this is the guarantee for whatever a message (a CRM's answer, an
 * exception) carried in anyway. Model folders are left alone: they are write-once and hold no per-lead data.
 */
final class RunRecordScrub {
  private static final Set<String> TEXT = Set.of("html", "htm", "json", "log", "txt", "csv", "md", "yaml", "yml");
  private static final long MAX_BYTES = 64L << 20;
  private static final StructType FIXED = new StructType().add("run_id", DataTypes.StringType, false)
      .add("message", DataTypes.StringType, true).add("summary_json", DataTypes.StringType, false);

  private RunRecordScrub() {}

  /** Rewrites the job_runs rows that name a lead (one MERGE); returns how many. */
  static long jobRuns(SparkSession spark, Tables tables, List<String> ids) {
    String path = tables.path(Table.JOB_RUNS);
    if (ids.isEmpty() || !DeltaTable.isDeltaTable(spark, path)) {
      return 0;
    }
    // a cheap pass in Spark finds the candidate rows (any id as a token), the exact rewrite is plain Java
    Dataset<Row> idDf = spark.createDataset(ids, org.apache.spark.sql.Encoders.STRING()).toDF("_id");
    Dataset<Row> runs = spark.read().format("delta").load(path);
    Dataset<Row> tokens = runs.select(col("run_id"), explode(split(concat_ws(" ", coalesce(col("message"), lit("")),
        col("summary_json")), "[^A-Za-z0-9_-]+")).as("_tok"));
    Dataset<Row> byToken = tokens.join(broadcast(idDf), col("_tok").equalTo(col("_id")), "left_semi")
        .select("run_id");
    List<String> odd = ids.stream().filter(i -> !i.matches("[A-Za-z0-9_-]+")).toList();
    for (String i : odd) {
      byToken = byToken.union(runs.filter(col("summary_json").contains(i).or(col("message").contains(i)))
          .select("run_id"));
    }
    List<Row> hits = runs.join(byToken.distinct(), "run_id").select("run_id", "message", "summary_json")
        .collectAsList();
    LeadIdText text = new LeadIdText(ids);
    List<Row> fixed = new ArrayList<>();
    for (Row r : hits) {
      String m = text.scrub(r.getString(1));
      String s = text.scrub(r.getString(2));
      if (!s.equals(r.getString(2)) || (m != null && !m.equals(r.getString(1)))) {
        fixed.add(RowFactory.create(r.getString(0), m, s));
      }
    }
    if (!fixed.isEmpty()) {
      DeltaTable.forPath(spark, path).as("t").merge(spark.createDataFrame(fixed, FIXED).as("s"), "t.run_id = s.run_id")
          .whenMatched().updateExpr(java.util.Map.of("message", "s.message", "summary_json", "s.summary_json"))
          .execute();
    }
    return fixed.size();
  }

  /** Rewrites the text files under the root (outside tables and models) that name a lead; returns how many. */
  static int files(SparkSession spark, Tables tables, List<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    Path root = new Path(tables.root());
    try {
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.exists(root)) {
        return 0;
      }
      return walk(fs, root, new Path(tables.modelsDir()).toUri().getPath(), new LeadIdText(ids));
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot scrub the run files under " + root + ": " + e.getMessage()
          + " (check the storage root's permissions, then run the same erasure again)", e);
    }
  }

  private static int walk(FileSystem fs, Path dir, String models, LeadIdText text) throws IOException {
    FileStatus[] children = fs.listStatus(dir);
    for (FileStatus c : children) {
      if (c.getPath().getName().equals("_delta_log")) {
        return 0; // a Delta table: the erasure's DELETE and VACUUM own it
      }
    }
    int n = 0;
    for (FileStatus c : children) {
      if (c.isDirectory()) {
        if (!c.getPath().toUri().getPath().equals(models)) {
          n += walk(fs, c.getPath(), models, text);
        }
      } else if (isText(c) && rewrite(fs, c.getPath(), text)) {
        n++;
      }
    }
    return n;
  }

  private static boolean isText(FileStatus f) {
    String name = f.getPath().getName().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot > 0 && TEXT.contains(name.substring(dot + 1)) && f.getLen() <= MAX_BYTES;
  }

  private static boolean rewrite(FileSystem fs, Path file, LeadIdText text) throws IOException {
    String content;
    try (InputStream in = fs.open(file)) {
      content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String scrubbed = text.scrub(content);
    if (scrubbed.equals(content)) {
      return false;
    }
    // written next to the file, then renamed over it: a reader sees the old or the new file, never half of one
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".scrub");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(scrubbed.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw IngestErrors.of("Cannot replace %s with its scrubbed copy %s: move it by hand", file, tmp);
    }
    return true;
  }
}
