package io.leadscore.bench;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.SCORE_DATE;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.serving.store.DeltaReader;
import io.leadscore.serving.store.Lakehouse;
import io.leadscore.serving.store.RedisMaterialiser;
import io.leadscore.serving.store.RedisStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * Load on {@code leadscore serve} over loopback, bounded in time: starts serve as a child JVM (and a redis-server
 * with {@code --store redis}, filled by the materialise step), then sends requests at a fixed rate (open loop:
 * latency counts from the intended send time, so a stalled server cannot hide its queue) and prints requests/s,
 * p50/p99/p99.9 and errors. Without {@code --lakehouse} it writes a synthetic one (features + lead_scores of
 * {@code --leads} leads, one Spark write each) to measure the service itself.
 *
 * <p>{@code --lakehouse DIR --scale-to N} first copies DIR (a generated nightly with its champion) and grows its
 * last night to N leads ({@link ServeScale}). {@code --mode new} posts leads the night does not hold by their raw
 * fields instead of known ids.
 *
 * <p>{@code bench/run ServeBench [--lakehouse DIR [--scale-to N] | --leads 20000] [--store embedded|redis]
 * [--mode id|new] [--rate 500] [--seconds 60] [--batch 1] [--cache true] [--heap SIZE] [--jvm 'ARGS']}
 */
public final class ServeBench {
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String store = a.getOrDefault("store", "embedded");
    int rate = Integer.parseInt(a.getOrDefault("rate", "500"));
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "1"));
    String mode = a.getOrDefault("mode", "id");
    Path work = Files.createTempDirectory("servebench");
    String root = a.containsKey("lakehouse") ? Path.of(a.get("lakehouse")).toAbsolutePath().toString()
        : synthetic(work.resolve("lakehouse"), Integer.parseInt(a.getOrDefault("leads", "20000")));
    if (a.containsKey("scale-to")) {
      root = ServeScale.scale(root, work.resolve("scaled"), Integer.parseInt(a.get("scale-to")));
    }
    System.out.println("ServeBench: " + BenchSupport.machine());
    List<String> ids = new ArrayList<>(new Lakehouse(new DeltaReader(), Tables.at(root)).scores().keySet());
    // the client's own pauses count in every latency it measures: the night's scores it read for the ids (a map of
    // 1M leads on a 1M night) are garbage now, and G1 left them in the old generation, where its collections during
    // the measured minute took 180-400 ms on the loaded machine (its GC log); collect them now, before any call
    System.gc();
    System.out.printf(Locale.ROOT, "lakehouse %s: %,d scored leads; store %s, %d lead(s) a call, %d calls/s for %d s%n",
        root, ids.size(), store, batch, rate, seconds);

    List<String> sets = new ArrayList<>(List.of("leadscore.storage.root=" + root, "leadscore.serving.store.kind="
        + store, "leadscore.serving.rate_limit.per_second=1000000", "leadscore.serving.rate_limit.burst=1000000"));
    if (!Boolean.parseBoolean(a.getOrDefault("cache", "true"))) {
      sets.add("leadscore.serving.cache.max_entries=0");
    }
    Process redis = null;
    if (store.equals("redis")) {
      int rp = ChildJvm.freePort();
      redis = new ProcessBuilder("redis-server", "--port", String.valueOf(rp), "--bind", "127.0.0.1", "--save", "",
          "--appendonly", "no").redirectOutput(work.resolve("redis.log").toFile()).start();
      Thread.sleep(500);
      long m0 = System.nanoTime();
      try (RedisStore r = new RedisStore("127.0.0.1", rp, 5000, "leadscore:")) {
        var res = RedisMaterialiser.run(new Lakehouse(new DeltaReader(), Tables.at(root)).load(), r);
        System.out.printf(Locale.ROOT, "materialise: %d written in %.1f s%n", res.written(), secs(m0));
      }
      sets.add("leadscore.serving.redis.port=" + rp);
    }
    int port = ChildJvm.freePort();
    List<String> serveArgs = new ArrayList<>(List.of("serve", "--port", String.valueOf(port), "--conf",
        Path.of(System.getProperty("leadscore.home", "."), "conf", "local.conf").toAbsolutePath().toString()));
    // the registry's model paths are relative to the folder the nightly ran in ("lakehouse/models/v1" with
    // conf/local.conf's storage.root): the service runs where "lakehouse" is this lakehouse, wherever the bench runs
    Path cwd = Files.createDirectories(work.resolve("cwd"));
    Files.createSymbolicLink(cwd.resolve("lakehouse"), Path.of(root));
    sets.forEach(s -> serveArgs.addAll(List.of("--set", s)));
    long s0 = System.nanoTime();
    // what bin/leadscore serve runs with, so the figures are the users'; --jvm adds e.g. a GC log or another collector
    List<String> jvm = ServeJvm.options(ServeJvm.defaults(), a.get("heap"), a.get("jvm"));
    System.out.println("serve JVM options: " + String.join(" ", jvm));
    try (ChildJvm serve = ChildJvm.start("serve", jvm, System.getProperty("java.class.path"), "io.leadscore.cli.Main",
        serveArgs, Map.of(), work, cwd)) {
      serve.awaitLog("listening on", 1, 300_000);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      while (!http.send(get(port, "/readyz"), HttpResponse.BodyHandlers.ofString()).body().contains("\"ready\"")) {
        Thread.sleep(50);
      }
      // the CPU the service used to get ready (JVM start, the night's load, the champion), whatever shares the cores
      System.out.printf(Locale.ROOT, "ready %.1f s after start (server CPU %.1f s, load average %s)%n", secs(s0),
          cpuMillis(serve.process.pid()) / 1000.0, ServeLoad.loadAverage());
      System.out.println("serve heap after load: " + heap(serve.process.pid()));
      ServeLoad.run(http, port, ids, mode, batch, rate, Math.min(5, seconds), "warm-up");
      long pid = serve.process.pid();
      long cpu0 = cpuMillis(pid);
      long self0 = cpuMillis(ProcessHandle.current().pid());
      ServeLoad.run(http, port, ids, mode, batch, rate, seconds, "measured");
      // CPU the service used per call, whatever else shares the cores: calls a core can serve = 1000 / that
      double perCall = (cpuMillis(pid) - cpu0) / (double) (rate * seconds);
      System.out.printf(Locale.ROOT, "server CPU %.2f ms a call (%,.0f calls/s per core); client CPU %.2f ms a call%n",
          perCall, 1000 / perCall, (cpuMillis(ProcessHandle.current().pid()) - self0) / (double) (rate * seconds));
      String metrics = http.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("leadscore_cache_hits_total") || line.startsWith("leadscore_fallbacks_total")
            || line.startsWith("leadscore_scores_total") || line.startsWith("leadscore_model")) {
          System.out.println("server " + line);
        }
      }
    } finally {
      if (redis != null) {
        redis.destroy();
      }
    }
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
  }

  /** features (one night) and lead_scores of {@code leads} synthetic leads, written with Spark. */
  static String synthetic(Path dir, int leads) {
    Tables t = Tables.at(dir.toString());
    SparkSession spark = SparkSession.builder().master("local[2]").appName("ServeBench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    String id = "concat('L', lpad(cast(id AS string), 7, '0'))";
    spark.sql("SELECT " + id + " lead_id, DATE'2026-11-24' as_of_date, cast(id % 17 AS double) page_views_7d, "
            + "cast(id % 5 AS double) emails_opened_30d, cast(id % 90 AS double) lead_age_days, "
            + "element_at(array('retail', 'media', 'software'), cast(id % 3 AS int) + 1) industry FROM range(" + leads + ")")
        .write().format("delta").partitionBy(AS_OF_DATE).save(t.path(Table.FEATURES));
    spark.sql("SELECT " + id + " lead_id, (id % 1000) / 1000.0D probability, cast(id % 100 AS int) score, "
            + "element_at(array('A', 'B', 'C', 'D'), cast(id % 4 AS int) + 1) tier, array('Visited the pricing page "
            + "5 times in the last 7 days', 'Opened 3 emails in the last 30 days', 'Works in retail') reasons, "
            + "'lead-score' model_name, '1' model_version, 'champion' arm, 'call today' action, "
            + "DATE'2026-11-24' score_date FROM range(" + leads + ")")
        .write().format("delta").partitionBy(SCORE_DATE).save(t.path(Table.LEAD_SCORES));
    spark.stop();
    return t.root();
  }

  /** The live heap of the child after a full GC (what the loaded night needs), from {@code jcmd}. */
  static String heap(long pid) {
    try {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor();
      Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      // one line per generation (Serial, Parallel: young and old, summed) or for the whole heap (G1); ZGC in MiB
      Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
      long total = 0;
      long used = 0;
      while (m.find()) {
        total += Long.parseLong(m.group(1));
        used += Long.parseLong(m.group(2));
      }
      Matcher z = Pattern.compile("ZHeap\\s+used (\\d+)M, capacity (\\d+)M").matcher(out);
      if (total == 0 && z.find()) {
        used = Long.parseLong(z.group(1)) * 1024;
        total = Long.parseLong(z.group(2)) * 1024;
      }
      return total == 0 ? out.trim() : String.format(Locale.ROOT, "%,d MiB used of %,d MiB committed (after a full "
          + "GC)", used / 1024, total / 1024);
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
  static long cpuMillis(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
