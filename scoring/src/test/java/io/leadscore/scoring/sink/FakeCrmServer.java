package io.leadscore.scoring.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * An in-process CRM REST endpoint that behaves like a real one with idempotency keys (as Stripe's or
 * HubSpot's batch APIs do): a request whose key was already applied is answered again without being applied
 * twice. Scripted faults are consumed one per request; with none left it answers normally.
 */
final class FakeCrmServer implements AutoCloseable {
  enum Fault { SERVER_ERROR, THROTTLE, SLOW_AFTER_APPLY, MALFORMED_AFTER_APPLY, BAD_REQUEST }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Deque<Fault> script = new ArrayDeque<>();
  private volatile boolean alwaysFail;
  final String retryAfter;
  final long slowMillis;
  /** lead id -> how many times an update for it was applied. */
  final Map<String, Integer> applied = new ConcurrentHashMap<>();
  /** lead id -> the last applied score. */
  final Map<String, Integer> scores = new ConcurrentHashMap<>();
  final Map<String, Integer> keys = new ConcurrentHashMap<>();
  final List<String> requestKeys = Collections.synchronizedList(new ArrayList<>());
  final List<String> authValues = Collections.synchronizedList(new ArrayList<>());

  FakeCrmServer(String retryAfter, long slowMillis) throws IOException {
    this.retryAfter = retryAfter;
    this.slowMillis = slowMillis;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/leads/batch", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/leads/batch");
  }

  synchronized void script(Fault... faults) {
    script.addAll(List.of(faults));
  }

  void alwaysFail(boolean on) {
    alwaysFail = on;
  }

  private synchronized Fault nextFault() {
    return script.poll();
  }

  private void handle(HttpExchange ex) throws IOException {
    String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
    requestKeys.add(key);
    authValues.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    Fault f = alwaysFail ? Fault.SERVER_ERROR : nextFault();
    if (f == Fault.SERVER_ERROR) {
      reply(ex, 500, "{\"error\":\"internal\"}");
      return;
    }
    if (f == Fault.BAD_REQUEST) {
      reply(ex, 400, "{\"error\":\"unknown field lead_score\"}");
      return;
    }
    if (f == Fault.THROTTLE) {
      ex.getResponseHeaders().add("Retry-After", retryAfter);
      reply(ex, 429, "{\"error\":\"rate limited\"}");
      return;
    }
    int n = body.path("updates").size();
    if (key != null && keys.putIfAbsent(key, n) == null) {
      for (JsonNode u : body.path("updates")) {
        applied.merge(u.path("lead_id").asText(), 1, Integer::sum);
        scores.put(u.path("lead_id").asText(), u.path("score").asInt());
      }
    }
    if (f == Fault.SLOW_AFTER_APPLY) {
      try {
        Thread.sleep(slowMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    reply(ex, 200, f == Fault.MALFORMED_AFTER_APPLY ? "<html>Bad Gateway</html>" : "{\"accepted\":" + n + "}");
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    try {
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    } catch (IOException clientGone) {
      // the client timed out and closed the connection: what a real server sees too
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
