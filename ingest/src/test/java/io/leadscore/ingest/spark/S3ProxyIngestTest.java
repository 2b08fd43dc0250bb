package io.leadscore.ingest.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same exports ingested into a local lakehouse and into {@code s3a://} on a real S3-compatible
 * server (S3Proxy, a child JVM: its bundled Jetty clashes with Spark's), reading one export from s3a
 * too: the tables are the same.
 */
class S3ProxyIngestTest {
  static final LocalDate DATE = LocalDate.parse("2026-11-24");
  static final String BUCKET = "lake";
  static Process s3proxy;
  static int port;
  @TempDir
  static Path dir;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    Path jar = Path.of("target/s3proxy/s3proxy.jar");
    assertTrue(Files.isRegularFile(jar), "S3Proxy is copied by the build to " + jar.toAbsolutePath());
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path blobs = Files.createDirectories(dir.resolve("blobs"));
    Files.createDirectories(blobs.resolve(BUCKET)); // a folder of the filesystem provider is a bucket
    Path props = Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=test-access", "s3proxy.credential=test-secret", "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + blobs, "jclouds.identity=x", "jclouds.credential=y"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    s3proxy = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote", "-jar", jar.toString(),
        "--properties", props.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    long until = System.currentTimeMillis() + 60_000;
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException e) {
        if (!s3proxy.isAlive() || System.currentTimeMillis() > until) {
          fail("S3Proxy did not start: " + Files.readString(dir.resolve("s3proxy.log")));
        }
        Thread.sleep(200);
      }
    }
    Configuration hc = SparkTestSession.get().sparkContext().hadoopConfiguration();
    hc.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    hc.set("fs.s3a.access.key", "test-access");
    hc.set("fs.s3a.secret.key", "test-secret");
    hc.set("fs.s3a.path.style.access", "true");
    hc.set("fs.s3a.connection.ssl.enabled", "false");
    hc.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    // no directory-marker clean-up after each write (S3Proxy's filesystem store makes that slow)
    hc.set("fs.s3a.directory.marker.retention", "keep");
    hc.set("fs.s3a.attempts.maximum", "3");
    hc.set("fs.s3a.retry.limit", "3");
  }

  @AfterAll
  static void stop() throws Exception {
    Configuration hc = SparkTestSession.get().sparkContext().hadoopConfiguration();
    FileSystem.closeAll();
    for (String k : List.of("fs.s3a.endpoint", "fs.s3a.access.key", "fs.s3a.secret.key", "fs.s3a.path.style.access",
        "fs.s3a.connection.ssl.enabled", "fs.s3a.aws.credentials.provider", "fs.s3a.directory.marker.retention",
        "fs.s3a.attempts.maximum", "fs.s3a.retry.limit")) {
      hc.unset(k);
    }
    if (s3proxy != null) {
      s3proxy.destroy();
      s3proxy.waitFor();
    }
  }

  @Test
  void s3aLakehouseGetsTheSameTablesAsTheLocalOne() throws Exception {
    Path landing = dir.resolve("landing");
    new ExportGenerator(new GeneratorSpec(landing, DATE, 300, 60, 7)).generate();
    var spark = SparkTestSession.get();
    // one export read from s3a as well
    String s3Leads = "s3a://" + BUCKET + "/landing/crm/" + DATE + "/leads.csv";
    org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(s3Leads);
    try (var out = remote.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(remote)) {
      out.write(Files.readAllBytes(landing.resolve("crm").resolve(DATE.toString()).resolve("leads.csv")));
    }
    // three sources keep the test short: every Delta commit is several round trips to the object store
    List<SourceMapping> sources = SourceMapping.all(LeadscoreConfig.defaults(Map.of()).withValue(
        "leadscore.ingest.sources", com.typesafe.config.ConfigValueFactory.fromIterable(
            List.of("consent", "events", "leads"))));
    IngestSpec spec = new IngestSpec(DATE, landing, sources, "salt");

    Tables local = Tables.at(dir.resolve("lakehouse").toString());
    Tables s3 = Tables.at("s3a://" + BUCKET + "/lakehouse");
    List<Reconciliation> onLocal = new IngestJob(spark, local).run(spec);
    List<Reconciliation> onS3 = new IngestJob(spark, s3).run(spec.withInput(s3Leads));
    assertEquals(lines(onLocal), lines(onS3));
    assertTrue(onS3.stream().allMatch(Reconciliation::holds));

    for (Table t : List.of(Table.LEADS, Table.EVENTS, Table.CONSENT, Table.QUARANTINE, Table.BRONZE_LEADS)) {
      Dataset<Row> a = comparable(spark.read().format("delta").load(local.path(t)));
      Dataset<Row> b = comparable(spark.read().format("delta").load(s3.path(t)));
      assertEquals(a.count(), b.count(), t + " row count");
      assertTrue(a.count() > 0, t + " has rows");
      assertEquals(0, a.exceptAll(b).count(), t + " has the same rows on s3a");
    }
    assertTrue(new IngestJob(spark, s3).run(spec.withInput(s3Leads)).stream().allMatch(Reconciliation::skipped),
        "re-ingesting on s3a changes nothing");
  }

  private static List<String> lines(List<Reconciliation> recs) {
    return recs.stream().map(Reconciliation::line).toList();
  }

  /** Without the columns that record when rows were written. */
  private static Dataset<Row> comparable(Dataset<Row> df) {
    return df.select(Arrays.stream(df.columns()).filter(c -> !List.of("_ingested_at", "quarantined_at").contains(c))
        .sorted().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
  }
}
