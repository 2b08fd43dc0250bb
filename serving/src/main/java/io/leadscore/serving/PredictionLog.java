package io.leadscore.serving;

import io.leadscore.serving.errors.ServingErrors;
import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.PROBABILITY;
import static io.leadscore.core.Columns.REASONS;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.TIER;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every answer, appended off the request path: a request only queues it (its JSON line is made by the writer, not
 * on the request's thread); a background thread writes the queue
 * every flush interval as one JSON-lines file, first under a {@code .tmp} name, then renamed atomically. A reader
 * (the nightly's {@code online_scores} step) takes only {@code *.jsonl}, so it never sees half a file; a crash
 * loses at most the answers of the last interval. Lines carry ids, scores and model, never posted fields.
 */
public final class PredictionLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CAPACITY = 1_000_000;

  private final Path dir;
  private final Metrics metrics;
  private final ArrayBlockingQueue<Entry> queue = new ArrayBlockingQueue<>(CAPACITY);

  /** One queued answer, as the request left it. */
  private record Entry(ScoreAnswer answer, Instant at, String requestId, int position) {}
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "prediction-log");
    t.setDaemon(true);
    return t;
  });

  public PredictionLog(Path dir, java.time.Duration interval, Metrics metrics) {
    this.dir = dir;
    this.metrics = metrics;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw ServingErrors.config("cannot create the prediction log folder %s: %s", dir, e.getMessage());
    }
    long ms = interval.toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Queues one answer: {@code position} is its index in the request (with the request id, the row's key). */
  public void append(ScoreAnswer a, Instant at, String requestId, int position) {
    if (!queue.offer(new Entry(a, at, requestId, position))) {
      metrics.logDropped(1);
    }
  }

  private static String line(Entry e) {
    ScoreAnswer a = e.answer();
    Instant at = e.at();
    String requestId = e.requestId();
    int position = e.position();
    ObjectNode n = JSON.createObjectNode();
    n.put("logged_at", at.toString());
    n.put("request_id", requestId);
    n.put("position", position);
    n.put(LEAD_ID, a.leadId());
    n.put(PROBABILITY, a.score().probability());
    n.put(SCORE, a.score().score());
    n.put(TIER, a.score().tier());
    a.score().reasons().forEach(n.putArray(REASONS)::add);
    n.put("model_name", a.score().model().name());
    n.put(MODEL_VERSION, a.score().model().version());
    n.put(ARM, a.score().model().arm());
    n.put("feature_date", a.featureDate() == null ? null : a.featureDate().toString());
    n.put("source", a.source());
    n.put("latency_ms", a.latencyMs());
    return n.toString();
  }

  /** Writes what is queued as one new file; returns it, or null when nothing was queued. */
  public synchronized Path flush() {
    List<Entry> entries = new ArrayList<>();
    queue.drainTo(entries);
    if (entries.isEmpty()) {
      return null;
    }
    List<String> lines = entries.stream().map(PredictionLog::line).toList();
    String name = String.format("%d-%s", System.currentTimeMillis(), UUID.randomUUID().toString().substring(0, 8));
    Path tmp = dir.resolve("." + name + ".tmp");
    Path done = dir.resolve(name + ".jsonl");
    try {
      Files.write(tmp, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
      return done;
    } catch (IOException e) {
      metrics.logDropped(lines.size());
      throw new UncheckedIOException("prediction log flush to " + dir + " failed", e);
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(PredictionLog.class).warn("{}", e.getMessage());
    }
  }

  /** Stops the timer and writes what is left (graceful shutdown). */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
