package io.leadscore.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on loopback: a master and {@code workers} workers, each a child JVM started
 * from the Spark jars of this classpath. The workers launch executors from a SPARK_HOME whose {@code jars/}
 * holds only what a cluster provides (Spark, Delta, Hadoop with s3a), so the application must bring the
 * rest in its shaded jar, as on a real cluster.
 */
final class LocalCluster implements AutoCloseable {
  /** Artifacts the shaded jar carries and a Spark distribution does not: left out of the cluster's jars. */
  static final List<String> APPLICATION_GROUPS = List.of("/io/leadscore/", "/ml/dmlc/", "/org/mlflow/",
      "/info/picocli/", "/com/typesafe/config/", "/org/knowm/", "/de/erichseifert/", "/de/rototor/", "/com/madgag/",
      "/org/apache/pdfbox/", "/org/postgresql/", "/io/zonky/", "/org/junit/", "/org/gaul/", "/org/opentest4j/",
      "/org/apiguardian/");

  final Path sparkHome;
  final List<String> providedJars;
  final String masterUrl;
  final List<ChildJvm> processes = new ArrayList<>();
  final List<String> jvmFlags;

  private LocalCluster(Path sparkHome, List<String> providedJars, String masterUrl, List<String> jvmFlags) {
    this.sparkHome = sparkHome;
    this.providedJars = providedJars;
    this.masterUrl = masterUrl;
    this.jvmFlags = jvmFlags;
  }

  /** The jars of this JVM's classpath that a Spark cluster provides (see {@link #APPLICATION_GROUPS}). */
  static List<String> providedJars() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.endsWith(".jar") && e.contains("/.m2/repository/"))
        .filter(e -> APPLICATION_GROUPS.stream().noneMatch(e::contains))
        .toList();
  }

  static LocalCluster start(Path dir, int workers, int workerCores, String workerMemory, List<String> jvmFlags)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve("spark-home"));
    Path jars = Files.createDirectories(home.resolve("jars"));
    List<String> provided = providedJars();
    for (String jar : provided) {
      Path link = jars.resolve(Path.of(jar).getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of(jar));
      }
    }
    int port = ChildJvm.freePort();
    LocalCluster c = new LocalCluster(home, provided, "spark://127.0.0.1:" + port, jvmFlags);
    String cp = ChildJvm.classpath(provided);
    Map<String, String> env = c.env(dir);
    List<String> daemonJvm = new ArrayList<>(jvmFlags);
    daemonJvm.add("-Xmx256m");
    ChildJvm master = ChildJvm.start("master", daemonJvm, cp, "org.apache.spark.deploy.master.Master",
        List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port",
            String.valueOf(ChildJvm.freePort())), env, dir);
    c.processes.add(master);
    master.awaitPort(port, 120_000);
    for (int i = 1; i <= workers; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      c.processes.add(ChildJvm.start("worker-" + i, daemonJvm, cp, "org.apache.spark.deploy.worker.Worker",
          List.of("--host", "127.0.0.1", "--port", String.valueOf(ChildJvm.freePort()), "--webui-port",
              String.valueOf(ChildJvm.freePort()), "--cores", String.valueOf(workerCores), "--memory", workerMemory,
              "--work-dir", work.toString(), c.masterUrl), env, dir));
    }
    master.awaitLog("Registering worker", workers, 120_000);
    return c;
  }

  /** What every cluster JVM gets: SPARK_HOME with the provided jars, loopback only. */
  Map<String, String> env(Path dir) {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12", "SPARK_LOCAL_IP", "127.0.0.1",
        "SPARK_LOG_DIR", dir.toString(), "JAVA_HOME", System.getProperty("java.home"),
        "OMP_WAIT_POLICY", "PASSIVE");
  }

  /**
   * Runs {@code spark-submit --master spark://... --class io.leadscore.cli.Main <jar> <args>} (SparkSubmit
   * from the cluster's jars, client mode: the driver is this child) and returns its exit code.
   */
  int submit(Path dir, Path appJar, String driverMemory, List<String> sparkConf, List<String> appArgs,
             Map<String, String> extraEnv, long timeoutMs) throws IOException, InterruptedException {
    List<String> jvm = new ArrayList<>(jvmFlags);
    jvm.add("-Xmx" + driverMemory);
    jvm.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("driver-tmp")));
    List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
        "--class", "io.leadscore.cli.Main", "--name", "leadscore-cluster-check"));
    for (String conf : sparkConf) {
      args.add("--conf");
      args.add(conf);
    }
    args.add(appJar.toString());
    args.addAll(appArgs);
    Map<String, String> env = new java.util.HashMap<>(env(dir));
    env.putAll(extraEnv);
    // like spark-class: the conf folder (core-site.xml) ahead of the jars
    List<String> cp = new ArrayList<>(List.of(sparkHome.resolve("conf").toString()));
    cp.addAll(providedJars);
    ChildJvm submit = ChildJvm.start("spark-submit", jvm, ChildJvm.classpath(cp),
        "org.apache.spark.deploy.SparkSubmit", args, env, dir);
    processes.add(submit);
    if (!submit.process.waitFor(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("spark-submit did not finish in " + timeoutMs / 1000 + " s:\n" + submit.tail());
    }
    return submit.process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
