package io.leadscore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.cli.Main;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The same nightly on a local Spark and on a real Spark standalone cluster: generates the exports, runs
 * {@code leadscore nightly} in this JVM (local lakehouse, native training), then starts S3Proxy, a master
 * and two workers on loopback as child JVMs and submits the shaded jar with SparkSubmit (lakehouse on
 * {@code s3a://}, {@code leadscore.training.engine = distributed}). It checks that every row count is the
 * same and the holdout AUC is within 0.01, prints the figures, and exits 1 when a check fails.
 *
 * <p>Both runs hash PII with the same random salt ({@code leadscore.pii.salt}; the cluster run gets it as
 * LEADSCORE_PII_SALT, as production would): a non-local lakehouse refuses the development salt.
 *
 * <pre>bench/run ClusterCheck [--leads 3000] [--dir bench/target/cluster-check] [--keep] [--reuse-local]</pre>
 *
 * {@code --reuse-local} keeps the exports and the local run of an earlier {@code --keep} run in the same
 * folder and repeats only the cluster run.
 */
public final class ClusterCheck {
  static final LocalDate DATE = LocalDate.parse("2026-11-24");
  /** Row counts of the nightly summary that must not depend on where it ran. */
  static final List<String> COUNTS = List.of("received", "accepted", "quarantined", "superseded_duplicates",
      "feature_rows", "training_rows", "training_snapshots", "train_rows", "holdout_rows", "scored", "changed",
      "delivered", "failed", "pending");
  static final double AUC_TOLERANCE = 0.01;

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--keep") || args[i].equals("--reuse-local")) {
        a.put(args[i].substring(2), "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        a.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("usage: ClusterCheck [--leads N] [--dir D] [--keep] [--reuse-local]");
      }
    }
    Path home = Path.of(ClusterCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent().getParent().getParent();
    int leads = Integer.parseInt(a.getOrDefault("leads", "3000"));
    Path dir = Path.of(a.getOrDefault("dir", home.resolve("bench/target/cluster-check").toString())).toAbsolutePath();
    boolean reuse = a.containsKey("reuse-local") && Files.exists(dir.resolve("local-summary.json"));
    if (!reuse) {
      delete(dir);
    }
    for (String sub : List.of("cluster", "s3", "outbox-s3", "cluster-summary.json")) {
      delete(dir.resolve(sub));
    }
    Files.createDirectories(dir);
    Path appJar = home.resolve("cli/target/leadscore.jar");
    List<String> flags = Arrays.asList(Files.readString(home.resolve("cli/target/classes/jvm-flags.txt")).trim()
        .split("\\s+"));
    Path saltFile = dir.resolve("pii-salt");
    if (!Files.exists(saltFile)) {
      byte[] bytes = new byte[24];
      new java.security.SecureRandom().nextBytes(bytes);
      Files.writeString(saltFile, java.util.HexFormat.of().formatHex(bytes));
    }
    String salt = Files.readString(saltFile).trim();

    double localSeconds;
    JsonNode local;
    if (reuse) {
      local = new ObjectMapper().readTree(dir.resolve("local-summary.json").toFile());
      localSeconds = local.path("seconds").asDouble();
      System.out.println("reusing the exports and the local run in " + dir);
    } else {
      new ExportGenerator(new GeneratorSpec(dir.resolve("landing"), DATE, leads, 365, 42)).generate();
      long t0 = System.nanoTime();
      local = nightly(dir, "local", dir.resolve("lakehouse").toString(), salt);
      localSeconds = (System.nanoTime() - t0) / 1e9;
    }

    double clusterSeconds;
    double startSeconds;
    JsonNode cluster;
    int code;
    try (S3ProxyServer s3 = S3ProxyServer.start(home.resolve("bench/target/s3proxy/s3proxy.jar"),
        Files.createDirectories(dir.resolve("s3")), "lake")) {
      long s0 = System.nanoTime();
      try (LocalCluster c = LocalCluster.start(Files.createDirectories(dir.resolve("cluster")), 2, 1, "1200m",
          flags)) {
        startSeconds = (System.nanoTime() - s0) / 1e9;
        System.out.printf("cluster up in %.1f s: %s, 2 workers x 1 core, %d provided jars (Spark, Delta, Hadoop + "
            + "s3a) in %s%n", startSeconds, c.masterUrl, c.providedJars.size(), c.sparkHome.resolve("jars"));
        String executorTmp = Files.createDirectories(dir.resolve("cluster/executor-tmp")).toString();
        List<String> conf = new ArrayList<>(List.of("spark.executor.memory=900m", "spark.executor.cores=1",
            "spark.cores.max=2", "spark.driver.host=127.0.0.1", "spark.driver.bindAddress=127.0.0.1",
            "spark.executor.extraJavaOptions=" + String.join(" ", flags) + " -Djava.io.tmpdir=" + executorTmp,
            "spark.executorEnv.OMP_WAIT_POLICY=PASSIVE", "spark.ui.enabled=false"));
        conf.addAll(s3.sparkConf());
        Files.writeString(Files.createDirectories(c.sparkHome.resolve("conf")).resolve("core-site.xml"),
            s3.coreSiteXml());
        Path summary = dir.resolve("cluster-summary.json");
        long c0 = System.nanoTime();
        code = c.submit(dir.resolve("cluster"), appJar, "1500m", conf, nightlyArgs(dir, "s3a://lake/lakehouse",
            summary, List.of("leadscore.training.engine=distributed")), Map.of("LEADSCORE_PII_SALT", salt), 2_400_000);
        clusterSeconds = (System.nanoTime() - c0) / 1e9;
        if (!Files.exists(summary)) {
          throw new IllegalStateException("the cluster run wrote no summary (exit " + code + "):\n"
              + Files.readString(dir.resolve("cluster/spark-submit.log")));
        }
        cluster = new ObjectMapper().readTree(summary.toFile());
      }
    }
    boolean ok = report(local, cluster, code, leads, localSeconds, clusterSeconds, startSeconds);
    if (ok && !a.containsKey("keep")) {
      delete(dir);
    }
    System.exit(ok ? 0 : 1);
  }

  private static JsonNode nightly(Path dir, String name, String root, String salt) throws IOException {
    Path summary = dir.resolve(name + "-summary.json");
    int code = new CommandLine(new Main()).execute(nightlyArgs(dir, root, summary,
        List.of("leadscore.training.engine=native", "leadscore.pii.salt=" + salt)).toArray(new String[0]));
    if (!Files.exists(summary)) {
      throw new IllegalStateException("the " + name + " run wrote no summary (exit " + code + ")");
    }
    return new ObjectMapper().readTree(summary.toFile());
  }

  private static List<String> nightlyArgs(Path dir, String root, Path summary, List<String> sets) {
    List<String> cli = new ArrayList<>(List.of("nightly", "--date", DATE.toString(),
        "--set", "leadscore.storage.root=" + root,
        "--set", "leadscore.landing.dir=" + dir.resolve("landing"),
        "--set", "leadscore.landing.generate_if_empty=false",
        "--set", "leadscore.writeback.outbox_dir=" + dir.resolve("outbox-" + (root.startsWith("s3a") ? "s3" : "local")),
        "--summary-json", summary.toString()));
    for (String s : sets) {
      cli.add("--set");
      cli.add(s);
    }
    return cli;
  }

  private static boolean report(JsonNode local, JsonNode cluster, int code, int leads, double localSeconds,
                                double clusterSeconds, double startSeconds) {
    boolean ok = code == 0 || code == local.path("exit_code").asInt(-1);
    System.out.printf("%n%-16s %14s %14s%n", "", "local", "cluster");
    System.out.printf("%-16s %14s %14s%n", "status", local.path("status").asText(), cluster.path("status").asText());
    for (String key : COUNTS) {
      if (local.has(key) || cluster.has(key)) {
        boolean same = local.path(key).asText().equals(cluster.path(key).asText());
        ok &= same;
        System.out.printf("%-16s %14s %14s%s%n", key, local.path(key).asText("-"), cluster.path(key).asText("-"),
            same ? "" : "  DIFFERENT");
      }
    }
    for (String key : List.of("cv_auc", "holdout_auc", "engine", "cv_mode")) {
      System.out.printf("%-16s %14s %14s%n", key, local.path(key).asText("-"), cluster.path(key).asText("-"));
    }
    double la = local.path("holdout_auc").asDouble(Double.NaN);
    double ca = cluster.path("holdout_auc").asDouble(Double.NaN);
    boolean aucOk = Math.abs(la - ca) <= AUC_TOLERANCE;
    ok &= aucOk && "distributed".equals(cluster.path("engine").asText());
    System.out.printf("%-16s %14.1f %14.1f  (cluster start %.1f s not included)%n", "seconds", localSeconds,
        clusterSeconds, startSeconds);
    System.out.printf("CLUSTER_CHECK leads=%d %s local_seconds=%.1f cluster_seconds=%.1f holdout_auc_local=%.4f "
        + "holdout_auc_cluster=%.4f exit=%d%n", leads, ok ? "PASSED" : "FAILED", localSeconds, clusterSeconds, la, ca,
        code);
    return ok;
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
