package io.leadscore.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One open-loop load phase on {@code POST /v1/score}: calls at a fixed rate (latency counts from the intended send
 * time, so a stalled server cannot hide its queue), each of {@code batch} leads given by id ({@code mode id}) or by
 * raw fields of a lead the night does not hold ({@code mode new}). Counts each answer's {@code source} so a reader
 * sees whether the model scored the leads (online) or the night's rows answered (nightly, fallback).
 */
final class ServeLoad {
  private static final String[] SENIORITY = {"vp", "director", "manager", "individual", "c_level"};
  private static final String[] DEPARTMENT = {"finance", "marketing", "sales", "it", "operations"};
  private static final String[] SOURCE = {"webinar", "organic", "paid_search", "referral", "event"};
  private static final String[] COUNTRY = {"DE", "US", "GB", "FR", "NL"};
  private static final String[] INDUSTRY = {"software", "retail", "media", "finance", "manufacturing"};

  private ServeLoad() {}

  /** At most 512 calls in flight (more count as errors); prints one line of figures. */
  static void run(HttpClient http, int port, List<String> ids, String mode, int batch, int rate, int seconds,
                  String phase) throws InterruptedException {
    int n = rate * seconds;
    String load0 = loadAverage();
    AtomicLongArray latency = new AtomicLongArray(n);
    AtomicLong errors = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicLong online = new AtomicLong();
    AtomicLong nightly = new AtomicLong();
    AtomicLong fallback = new AtomicLong();
    AtomicLong firstError = new AtomicLong(-1);
    Semaphore inFlight = new Semaphore(512);
    Random random = new Random(n + mode.hashCode());
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
      String body = body(random, ids, mode, batch);
      final int slot = i;
      http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/score"))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            latency.set(slot, System.nanoTime() - due);
            if (e != null || r.statusCode() != 200) {
              errors.incrementAndGet();
              if (firstError.compareAndSet(-1, slot)) {
                System.out.println("first error: " + (e != null ? e : r.statusCode() + " " + r.body()));
              }
            } else {
              online.addAndGet(count(r.body(), "\"source\":\"online\""));
              nightly.addAndGet(count(r.body(), "\"source\":\"nightly\""));
              fallback.addAndGet(count(r.body(), "\"source\":\"fallback\""));
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
    System.out.printf(Locale.ROOT, "%-8s %s: %,d calls (%,d leads) in %.1f s = %,.0f calls/s; latency p50 %.2f ms, "
            + "p99 %.2f ms, p99.9 %.2f ms; errors %d; source online %,d nightly %,d fallback %,d; load average %s -> %s%n",
        phase, mode, n,
        (long) n * batch, wall, done.get() / wall, ms(l, 0.50), ms(l, 0.99), ms(l, 0.999), errors.get(),
        online.get(), nightly.get(), fallback.get(), load0, loadAverage());
  }

  /** A request body of {@code batch} leads: known ids, or new leads' raw fields (distinct, so no cache hits). */
  static String body(Random random, List<String> ids, String mode, int batch) {
    StringBuilder body = new StringBuilder("{\"leads\":[");
    for (int k = 0; k < batch; k++) {
      body.append(k == 0 ? "" : ",");
      if (mode.equals("new")) {
        body.append(String.format(Locale.ROOT, "{\"fields\":{\"created_at\":\"2026-12-%02dT%02d:%02d:%02dZ\","
                + "\"seniority\":\"%s\",\"department\":\"%s\",\"lead_source\":\"%s\",\"country\":\"%s\","
                + "\"industry\":\"%s\",\"employees\":%d}}", 1 + random.nextInt(5), random.nextInt(24),
            random.nextInt(60), random.nextInt(60), pick(random, SENIORITY), pick(random, DEPARTMENT),
            pick(random, SOURCE), pick(random, COUNTRY), pick(random, INDUSTRY), 1 + random.nextInt(20_000)));
      } else {
        body.append("{\"lead_id\":\"").append(ids.get(random.nextInt(ids.size()))).append("\"}");
      }
    }
    return body.append("]}").toString();
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static long count(String s, String what) {
    long c = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
      c++;
    }
    return c;
  }

  /** The machine's 1-minute load average: the other processes sharing the 2 cores, which the figures depend on. */
  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static double ms(long[] sorted, double q) {
    long v = sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
  }
}
