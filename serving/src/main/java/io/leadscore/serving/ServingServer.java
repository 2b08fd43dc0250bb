package io.leadscore.serving;

import io.leadscore.serving.settings.ServingSettings;
import io.leadscore.serving.errors.ServingException;
import io.leadscore.serving.errors.ServingErrors;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadscore.serving.guard.ApiKeys;
import io.leadscore.serving.guard.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer over the JDK's HttpServer and a bounded executor: routes (see {@code openapi.yaml}), API keys,
 * rate limits, the body bound, error answers, the access log and a draining shutdown. {@code /v1/*} needs a key;
 * health, readiness and metrics do not (they carry no lead data and no secret).
 */
public final class ServingServer implements AutoCloseable {
  /** The routes, as openapi.yaml lists them (a test checks both ways). */
  public static final List<String> ROUTES = List.of("POST /v1/score", "GET /v1/leads/{id}/score", "GET /healthz",
      "GET /readyz", "GET /metrics");
  private static final Pattern LEAD = Pattern.compile("^/v1/leads/([^/]+)/score$");
  private static final Logger ACCESS = LoggerFactory.getLogger("leadscore.access");

  private final ServingSettings settings;
  private final ScoreService service;
  private final ApiKeys keys;
  private final RateLimiter limiter;
  private final Metrics metrics;
  private final PredictionLog log;
  private final Readiness readiness;
  private final HttpServer http;
  private final ThreadPoolExecutor executor;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean draining;

  public ServingServer(ServingSettings settings, ScoreService service, ApiKeys keys, RateLimiter limiter,
                       Metrics metrics, PredictionLog log, Readiness readiness) throws IOException {
    this.settings = settings;
    this.service = service;
    this.keys = keys;
    this.limiter = limiter;
    this.metrics = metrics;
    this.log = log;
    this.readiness = readiness;
    this.http = HttpServer.create(new InetSocketAddress(settings.http().host(), settings.http().port()), 1024);
    // a full queue runs the request on the acceptor thread: it slows accepting instead of dropping connections
    this.executor = new ThreadPoolExecutor(settings.http().threads(), settings.http().threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(settings.http().queue()), r -> {
          Thread t = new Thread(r, "serve-request");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    metrics.modelVersion(() -> service.scorer().version());
  }

  public void start() {
    http.start();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private void handle(HttpExchange ex) {
    long start = System.nanoTime();
    String route = "unknown";
    int status = 500;
    String caller = "-";
    int leads = 0;
    inFlight.incrementAndGet();
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      byte[] body;
      try {
        Matcher lead = LEAD.matcher(path);
        if (draining) {
          throw ServingErrors.unavailable("the service is shutting down: send the request to another instance");
        }
        if (path.equals("/v1/score")) {
          route = "/v1/score";
          allow(method, "POST", path);
          caller = auth(ex);
          List<ScoreService.LeadRequest> req = Json.leads(readBody(ex), settings.http().maxLeads());
          leads = req.size();
          body = Json.scores(answered(service.score(req, start), start));
        } else if (lead.matches()) {
          route = "/v1/leads/{id}/score";
          allow(method, "GET", path);
          caller = auth(ex);
          leads = 1;
          String id = java.net.URLDecoder.decode(lead.group(1), StandardCharsets.UTF_8);
          List<ScoreAnswer> a = answered(service.score(List.of(new ScoreService.LeadRequest(id, null)), start),
              start);
          body = Json.bytes(Json.answer(a.get(0)));
        } else if (path.equals("/healthz")) {
          route = path;
          allow(method, "GET", path);
          body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        } else if (path.equals("/readyz")) {
          route = path;
          allow(method, "GET", path);
          ObjectNode r = readiness.state();
          status = r.get("status").asText().equals("not_ready") ? 503 : 200;
          send(ex, status, "application/json", Json.bytes(r), 0);
          return;
        } else if (path.equals("/metrics")) {
          route = path;
          allow(method, "GET", path);
          status = 200;
          send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
              metrics.text().getBytes(StandardCharsets.UTF_8), 0);
          return;
        } else {
          throw ServingErrors.notFound(path);
        }
        status = 200;
        send(ex, 200, "application/json", body, 0);
      } catch (ServingException e) {
        status = e.status() == 0 ? 500 : e.status();
        send(ex, status, "application/json", Json.error(status, e.getMessage()), e.retryAfterSeconds());
      } catch (RuntimeException e) {
        status = 500;
        LoggerFactory.getLogger(ServingServer.class).error("request failed on {}", route, e);
        send(ex, 500, "application/json", Json.error(500, "internal error (see the service log)"), 0);
      }
    } catch (IOException e) {
      status = 499; // the client went away while the answer was written
    } finally {
      inFlight.decrementAndGet();
      double ms = (System.nanoTime() - start) / 1e6;
      metrics.request(route, status, ms);
      // no PII: the route template (never the lead id in the path), the caller's key id, counts and timing
      ACCESS.info("{} {} {} {}ms leads={} key={}", ex.getRequestMethod(), route, status,
          String.format("%.2f", ms), leads, caller);
    }
  }

  private List<ScoreAnswer> answered(List<ScoreAnswer> answers, long start) {
    double ms = (System.nanoTime() - start) / 1e6;
    Instant now = Instant.now();
    String requestId = RequestIds.next();
    List<ScoreAnswer> out = answers.stream().map(a -> a.withLatency(ms)).toList();
    for (int i = 0; i < out.size(); i++) {
      metrics.answered(out.get(i).source());
      log.append(out.get(i), now, requestId, i);
    }
    return out;
  }

  private String auth(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    String key = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7)
        : ex.getRequestHeaders().getFirst("X-API-Key");
    String caller = keys.check(key);
    limiter.acquire(caller);
    return caller;
  }

  private byte[] readBody(HttpExchange ex) throws IOException {
    long max = settings.http().maxBodyBytes();
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    try (InputStream in = ex.getRequestBody()) {
      if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > max) {
        discard(in, max);
        throw ServingErrors.tooLarge(max);
      }
      byte[] b = in.readNBytes((int) max + 1);
      if (b.length > max) {
        discard(in, max);
        throw ServingErrors.tooLarge(max);
      }
      return b;
    }
  }

  /**
   * Reads and drops the rest of a refused body, up to 16 bounds: a server that closes its socket with unread input
   * makes TCP reset the connection, and the client then sees "connection reset" instead of the 413 (the JDK server
   * itself drains only 64 KiB). A body beyond that is cut off with the connection.
   */
  private static void discard(InputStream in, long max) throws IOException {
    byte[] buf = new byte[8192];
    long left = 16 * max;
    int n;
    while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
      left -= n;
    }
  }

  private static void allow(String method, String allowed, String path) {
    if (!method.equals(allowed)) {
      throw ServingErrors.methodNotAllowed(method, path);
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body, long retryAfter)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (retryAfter > 0) {
      ex.getResponseHeaders().set("Retry-After", Long.toString(retryAfter));
    }
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish within the drain timeout, then write the
   * prediction log's last batch.
   */
  @Override
  public void close() {
    // new requests get 503 (a load balancer moves on); in-flight ones finish; then the socket closes. The JDK's
    // own stop(delay) waits the whole delay on Java 17 even when nothing is in flight.
    draining = true;
    long until = System.nanoTime() + settings.timings().drainTimeout().toNanos();
    while ((inFlight.get() > 0 || executor.getActiveCount() > 0 || !executor.getQueue().isEmpty())
        && System.nanoTime() < until) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    http.stop(0);
    executor.shutdown();
    log.close();
  }
}
