package io.leadscore.bench;

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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>{@code bench/run ServeBench [--lakehouse DIR | --leads 20000] [--store embedded|redis] [--rate 500]
 * [--seconds 60] [--batch 1] [--cache true] [--heap 512m]}
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
    Path work = Files.createTempDirectory("servebench");
    String root = a.containsKey("lakehouse") ? Path.of(a.get("lakehouse")).toAbsolutePath().toString()
        : synthetic(work.resolve("lakehouse"), Integer.parseInt(a.getOrDefault("leads", "20000")));
    System.out.println("ServeBench: " + BenchSupport.machine());
    List<String> ids = new ArrayList<>(new Lakehouse(new DeltaReader(), Tables.at(root)).scores().keySet());
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
        Path.of("conf/local.conf").toAbsolutePath().toString()));
    sets.forEach(s -> serveArgs.addAll(List.of("--set", s)));
    long s0 = System.nanoTime();
    try (ChildJvm serve = ChildJvm.start("serve", List.of("-Xmx" + a.getOrDefault("heap", "512m"), "-XX:+UseSerialGC"),
        System.getProperty("java.class.path"), "io.leadscore.cli.Main", serveArgs, Map.of(), work)) {
      serve.awaitLog("listening on", 1, 300_000);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      while (!http.send(get(port, "/readyz"), HttpResponse.BodyHandlers.ofString()).body().contains("\"ready\"")) {
        Thread.sleep(50);
      }
      System.out.printf(Locale.ROOT, "ready %.1f s after start%n", secs(s0));
      run(http, port, ids, batch, rate, Math.min(5, seconds), "warm-up");
      run(http, port, ids, batch, rate, seconds, "measured");
      String metrics = http.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("leadscore_cache_hits_total") || line.startsWith("leadscore_fallbacks_total")) {
          System.out.println("server " + line);
        }
      }
    } finally {
      if (redis != null) {
        redis.destroy();
      }
    }
  }

  /** One open-loop phase at {@code rate} calls a second; at most 512 calls in flight (more count as errors). */
  static void run(HttpClient http, int port, List<String> ids, int batch, int rate, int seconds, String phase)
      throws InterruptedException {
    int n = rate * seconds;
    AtomicLongArray latency = new AtomicLongArray(n);
    AtomicLong errors = new AtomicLong();
    AtomicLong done = new AtomicLong();
    Semaphore inFlight = new Semaphore(512);
    Random random = new Random(n);
    long t0 = System.nanoTime() + 10_000_000;
    long period = 1_000_000_000L / rate;
    for (int i = 0; i < n; i++) {
      long due = t0 + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      if (!inFlight.tryAcquire()) {
        errors.incrementAndGet();
        latency.set(i, Long.MAX_VALUE);
        continue;
      }
      StringBuilder body = new StringBuilder("{\"leads\":[");
      for (int k = 0; k < batch; k++) {
        body.append(k == 0 ? "" : ",").append("{\"lead_id\":\"").append(ids.get(random.nextInt(ids.size())))
            .append("\"}");
      }
      final int slot = i;
      http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/score"))
              .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
          HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            latency.set(slot, System.nanoTime() - due);
            if (e != null || r.statusCode() != 200) {
              errors.incrementAndGet();
            }
            done.incrementAndGet();
            inFlight.release();
          });
    }
    inFlight.acquire(512);
    inFlight.release(512);
    double wall = (System.nanoTime() - t0) / 1e9;
    long[] l = new long[n];
    for (int i = 0; i < n; i++) {
      l[i] = latency.get(i);
    }
    Arrays.sort(l);
    System.out.printf(Locale.ROOT, "%-8s %,d calls (%,d leads) in %.1f s = %,.0f calls/s; latency p50 %.2f ms, p99 %.2f "
            + "ms, p99.9 %.2f ms; errors %d%n", phase, n, (long) n * batch, wall, done.get() / wall, ms(l, 0.50),
        ms(l, 0.99), ms(l, 0.999), errors.get());
  }

  private static double ms(long[] sorted, double q) {
    long v = sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
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
        .write().format("delta").partitionBy("as_of_date").save(t.path(Table.FEATURES));
    spark.sql("SELECT " + id + " lead_id, (id % 1000) / 1000.0D probability, cast(id % 100 AS int) score, "
            + "element_at(array('A', 'B', 'C', 'D'), cast(id % 4 AS int) + 1) tier, array('Visited the pricing page "
            + "5 times in the last 7 days', 'Opened 3 emails in the last 30 days', 'Works in retail') reasons, "
            + "'lead-score' model_name, '1' model_version, 'champion' arm, 'call today' action, "
            + "DATE'2026-11-24' score_date FROM range(" + leads + ")")
        .write().format("delta").partitionBy("score_date").save(t.path(Table.LEAD_SCORES));
    spark.stop();
    return t.root();
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
