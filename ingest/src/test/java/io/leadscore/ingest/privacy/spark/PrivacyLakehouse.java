package io.leadscore.ingest.privacy.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.spark.IngestJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small real lakehouse for privacy tests: generated-CRM mappings, exports ingested by the real IngestJob
 * (bronze, silver, quarantine), and gold tables (features, training_set, lead_scores, crm_sync) with a row per lead.
 */
final class PrivacyLakehouse {
  static final String SALT = "test-salt";
  final Path landing;
  final Tables tables;
  final List<SourceMapping> sources = SourceMapping.all(LeadscoreConfig.defaults(Map.of()));
  final SparkSession spark = SparkTestSession.get();

  PrivacyLakehouse(Path dir) {
    this.landing = dir.resolve("landing");
    this.tables = Tables.at(dir.resolve("lakehouse").toString());
  }

  /** Exports of one batch for these leads: leads.csv (email, phone, names), activities, consent, events. */
  void ingest(LocalDate batch, int bronzeRetentionDays, Lead... leads) {
    StringBuilder l = new StringBuilder("lead_id,account_id,email,phone,first_name,last_name,job_title,seniority,"
        + "department,lead_source,country,created_at,updated_at\n");
    StringBuilder a = new StringBuilder("activity_id,lead_id,activity_type,occurred_at,duration_minutes\n");
    StringBuilder c = new StringBuilder("lead_id,channel,status,changed_at\n");
    StringBuilder e = new StringBuilder();
    for (Lead x : leads) {
      l.append(String.join(",", x.id, "A1", x.email, "+44 20 7946 0" + x.id.hashCode() % 1000, "Ann", "Lee", "CTO",
          "c_level", "it", "web", "uk", x.at, x.at)).append('\n');
      a.append("ACT-" + x.id + "," + x.id + ",call," + x.at + ",5\n");
      // quarantined (bad timestamp): its bronze row belongs to the lead, so must its quarantine row
      a.append("ACT-BAD-" + x.id + "," + x.id + ",call,not-a-time,5\n");
      c.append(x.id + ",email,opt_in," + x.at + "\n");
      e.append("{\"event_id\":\"E-" + x.id + "\",\"lead_id\":\"" + x.id + "\",\"event_type\":\"page_view\","
          + "\"page\":\"/pricing\",\"ts\":\"" + x.at.replace(' ', 'T') + "\",\"session_id\":\"S" + x.id + "\"}\n");
    }
    write("crm", batch, "leads.csv", l.toString());
    write("crm", batch, "activities.csv", a.toString());
    write("consent", batch, "consent.csv", c.toString());
    write("analytics", batch, "events.jsonl.gz", e.toString());
    new IngestJob(spark, tables).run(new IngestSpec(batch, landing, sources, SALT)
        .withBronzeRetentionDays(bronzeRetentionDays));
  }

  /** Gold rows for these leads, and a crm_sync row (score delivered) for each. */
  void gold(LocalDate date, String... ids) {
    Dataset<Row> leads = spark.createDataset(List.of(ids), org.apache.spark.sql.Encoders.STRING()).toDF("lead_id");
    Dataset<Row> f = leads.withColumn("as_of_date", lit(java.sql.Date.valueOf(date))).withColumn("visits_7d", lit(3.0));
    f.write().format("delta").mode("append").save(tables.path(Table.FEATURES));
    // as a daily nightly leaves it: deletion vectors on, and a row changed by the attribute refresh's MERGE (its old
    // copy is only marked deleted, in the file that holds the other leads too)
    String features = "delta.`" + tables.path(Table.FEATURES) + "`";
    spark.sql("ALTER TABLE " + features + " SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    spark.sql("UPDATE " + features + " SET visits_7d = 4.0 WHERE lead_id = '" + ids[ids.length - 1] + "'");
    f.withColumn("label", lit(1)).write().format("delta").mode("append").save(tables.path(Table.TRAINING_SET));
    f.withColumn("score", lit(80)).withColumn("score_date", col("as_of_date"))
        .write().format("delta").mode("append").save(tables.path(Table.LEAD_SCORES));
    leads.withColumn("score", lit(80)).withColumn("tier", lit("A"))
        .withColumn("reasons", array(lit("Visited the pricing page 3 times")))
        .write().format("delta").mode("append").save(tables.path(Table.CRM_SYNC));
  }

  /**
   * History the current versions no longer show, as the nightly leaves it: the writeback's pending ledger
   * overwritten whole (first {@code before}, then {@code after}), and the training set overwritten whole with
   * only {@code trainingSet}.
   */
  void overwritten(List<String> before, List<String> after, List<String> trainingSet) {
    for (List<String> ids : List.of(before, after)) {
      spark.createDataset(ids, org.apache.spark.sql.Encoders.STRING()).toDF("lead_id")
          .withColumn("batch_key", lit("k-1")).withColumn("score", lit(70))
          .write().format("delta").mode("overwrite").save(tables.path(Table.CRM_PENDING));
    }
    spark.createDataset(trainingSet, org.apache.spark.sql.Encoders.STRING()).toDF("lead_id")
        .withColumn("as_of_date", lit(java.sql.Date.valueOf("2026-11-24"))).withColumn("visits_7d", lit(3.0))
        .withColumn("label", lit(1)).write().format("delta").mode("overwrite").save(tables.path(Table.TRAINING_SET));
  }

  /** Rows holding the lead in the given version of a table; 0 also when that version cannot be read any more. */
  long rowsAtVersion(Table t, long version, String leadId) {
    try {
      return spark.read().format("delta").option("versionAsOf", version).load(tables.path(t))
          .filter(col("lead_id").equalTo(leadId)).count();
    } catch (Exception e) { // SparkException is checked, and Scala throws it undeclared
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof java.io.FileNotFoundException || String.valueOf(c.getMessage()).contains("does not exist")) {
          return 0; // VACUUMed: the version's files are gone, which is the point
        }
      }
      throw new IllegalStateException("Cannot read " + t + " at version " + version + ": " + e.getMessage(), e);
    }
  }

  Dataset<Row> table(Table t) {
    return spark.read().format("delta").load(tables.path(t));
  }

  /**
   * Rows of every Parquet file under the storage root that contain text: data files of every version still on disk
   * (current and unreferenced ones) and Delta checkpoints, whose rows carry each file's statistics. Read in plain
   * Java (Parquet's record reader, every column, nested ones too): a Spark read per folder was a quarter of an
   * erasure test's time.
   */
  long parquetRowsContaining(String text) {
    long n = 0;
    Configuration conf = new Configuration();
    for (Path file : listFiles(Path.of(tables.root())).filter(p -> p.toString().endsWith(".parquet")).toList()) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
          new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          n += row.toString().contains(text) ? 1 : 0;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    }
    return n;
  }

  /**
   * Rows of each lead in the current version of each Delta table with a {@code lead_id} column, in one Spark job
   * for all tables: a table that is not there, or has no lead column, is left out; a table without rows of these
   * leads maps to an empty map.
   */
  Map<Table, Map<String, Long>> leadRows(List<Table> among, String... ids) {
    Map<Table, Map<String, Long>> out = new java.util.LinkedHashMap<>();
    Dataset<Row> all = null;
    for (Table t : among) {
      String path = tables.path(t);
      if (io.delta.tables.DeltaTable.isDeltaTable(spark, path) && List.of(table(t).columns()).contains("lead_id")) {
        out.put(t, new java.util.TreeMap<>());
        Dataset<Row> c = table(t).filter(col("lead_id").isin((Object[]) ids)).groupBy("lead_id").count()
            .withColumn("_table", lit(t.name()));
        all = all == null ? c : all.unionByName(c);
      }
    }
    if (all != null) {
      all.collectAsList().forEach(r -> out.get(Table.valueOf(r.getString(2))).put(r.getString(0), r.getLong(1)));
    }
    return out;
  }

  /**
   * Files under the root whose bytes hold the text: data files, and Delta's log too (commit JSON, checksum .crc
   * files, whose file lists carry statistics, and Parquet checkpoints), because Delta keeps per-file min/max
   * statistics there for 30 days; also reports and run records.
   */
  List<Path> filesContaining(String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    return listFiles(Path.of(tables.root())).filter(p -> {
      try {
        return indexOf(Files.readAllBytes(p), needle) >= 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }

  private static Stream<Path> listFiles(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void write(String group, LocalDate batch, String file, String content) {
    try {
      Path p = landing.resolve(group).resolve(batch.toString()).resolve(file);
      Files.createDirectories(p.getParent());
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      if (file.endsWith(".gz")) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
          out.write(bytes);
        }
      } else {
        Files.write(p, bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A lead of the exports: id, raw email, and the time of everything it did. */
  record Lead(String id, String email, String at) {}
}
