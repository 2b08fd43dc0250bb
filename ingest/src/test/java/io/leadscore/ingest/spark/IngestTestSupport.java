package io.leadscore.ingest.spark;

import com.typesafe.config.ConfigFactory;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A temp landing folder + lakehouse and mappings given as HOCON, for ingest tests. */
final class IngestTestSupport {
  static final LocalDate DATE = LocalDate.parse("2026-11-24");
  final Path landing;
  final Tables tables;
  final List<SourceMapping> sources;

  IngestTestSupport(Path dir, String hocon) {
    this(dir, hocon, dir.resolve("lakehouse").toString());
  }

  IngestTestSupport(Path dir, String hocon, String root) {
    this.landing = dir.resolve("landing");
    this.tables = Tables.at(root);
    this.sources = SourceMapping.all(ConfigFactory.parseString(hocon)
        .withFallback(LeadscoreConfig.defaults(Map.of())).resolve());
  }

  /** Writes a source's export for DATE, as bytes (so tests can put broken encodings in). */
  Path write(String group, String file, byte[] content) {
    try {
      Path p = landing.resolve(group).resolve(DATE.toString()).resolve(file);
      Files.createDirectories(p.getParent());
      return Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path write(String group, String file, String content) {
    return write(group, file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  List<Reconciliation> ingest() {
    return ingestWithProblems().files();
  }

  /** The files' reconciliations and what made the run degraded. */
  IngestJob.Result ingestWithProblems() {
    return new IngestJob(SparkTestSession.get(), tables).ingest(new IngestSpec(DATE, landing, sources, "test-salt"));
  }

  Dataset<Row> table(Tables.Table t) {
    return SparkTestSession.get().read().format("delta").load(tables.path(t));
  }

  static Reconciliation of(List<Reconciliation> recs, String source) {
    return recs.stream().filter(r -> r.source().equals(source)).findFirst().orElseThrow();
  }
}
