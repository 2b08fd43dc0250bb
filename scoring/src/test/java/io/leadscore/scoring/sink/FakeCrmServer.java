package io.leadscore.scoring.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * An in-process CRM REST endpoint that follows the documented contract (docs/reference/crm-rest-contract.md), as
 * Stripe's or HubSpot's batch APIs do with idempotency keys: the first request with a key is applied and its
 * answer stored; a later request with the same key gets the stored answer again, without being applied.
 * Rows of leads in {@link #reject} are refused row by row (2xx with per-row {@code results}). Scripted
 * faults are consumed one per request; with none left it answers normally. Public for the Spark tests.
 */
public final class FakeCrmServer implements AutoCloseable {
  public enum Fault { SERVER_ERROR, THROTTLE, SLOW_AFTER_APPLY, MALFORMED_AFTER_APPLY, BAD_REQUEST }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Deque<Fault> script = new ArrayDeque<>();
  private volatile boolean alwaysFail;
  final String retryAfter;
  final long slowMillis;
  /** lead id -> how many times an update for it was applied. */
  public final Map<String, Integer> applied = new ConcurrentHashMap<>();
  /** lead id -> the lead's record as the CRM shows it (the last applied update). */
  public final Map<String, JsonNode> leads = new ConcurrentHashMap<>();
  /** lead id -> the lead's owner as the CRM shows it (the last applied owner update). */
  public final Map<String, JsonNode> owners = new ConcurrentHashMap<>();
  /** "lead id|owner rep id|assigned on" -> how many times that very owner update was applied. */
  public final Map<String, Integer> appliedOwners = new ConcurrentHashMap<>();
  /** "lead id|score|tier|cleared" -> how many times that very update was applied. */
  public final Map<String, Integer> appliedUpdates = new ConcurrentHashMap<>();
  /** key -> the stored answer, replayed for a repeated key. */
  final Map<String, String> answers = new ConcurrentHashMap<>();
  /** Leads whose rows the CRM refuses (e.g. merged away); answered row by row. */
  public final Set<String> reject = ConcurrentHashMap.newKeySet();
  /** Answer a partial batch without per-row results (a CRM that breaks the contract). */
  public volatile boolean omitResults;
  public final List<String> requestKeys = Collections.synchronizedList(new ArrayList<>());
  final List<String> authValues = Collections.synchronizedList(new ArrayList<>());

  public FakeCrmServer(String retryAfter, long slowMillis) throws IOException {
    this.retryAfter = retryAfter;
    this.slowMillis = slowMillis;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/leads/batch", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/leads/batch");
  }

  public synchronized void script(Fault... faults) {
    script.addAll(List.of(faults));
  }

  public void alwaysFail(boolean on) {
    alwaysFail = on;
  }

  /** The score the CRM shows for a lead; null when cleared or unknown. */
  public Integer score(String lead) {
    JsonNode n = leads.get(lead);
    return n == null || n.path("score").isNull() ? null : n.path("score").asInt();
  }

  /** The rep the CRM shows as the lead's owner; null when none was delivered. */
  public String owner(String lead) {
    JsonNode n = owners.get(lead);
    return n == null ? null : n.path("owner_rep_id").asText();
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
    String answer = key == null ? apply(body) : answers.computeIfAbsent(key, k -> apply(body));
    if (f == Fault.SLOW_AFTER_APPLY) {
      try {
        Thread.sleep(slowMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    reply(ex, 200, f == Fault.MALFORMED_AFTER_APPLY ? "<html>Bad Gateway</html>" : answer);
  }

  /** Applies a batch and returns the answer stored for its key. */
  private String apply(JsonNode body) {
    int accepted = 0;
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode results = JSON.createArrayNode();
    for (JsonNode u : body.path("updates")) {
      String lead = u.path("lead_id").asText();
      if (reject.contains(lead)) {
        results.addObject().put("lead_id", lead).put("status", "rejected").put("error", "lead was merged");
        continue;
      }
      accepted++;
      results.addObject().put("lead_id", lead).put("status", "applied");
      applied.merge(lead, 1, Integer::sum);
      appliedUpdates.merge(lead + "|" + u.path("score").asText() + "|" + u.path("tier").asText() + "|"
          + u.path("cleared").asText(), 1, Integer::sum);
      leads.put(lead, u);
    }
    // owners: a request of the route stage (the contract's "owners" array), applied row by row like updates
    for (JsonNode o : body.path("owners")) {
      String lead = o.path("lead_id").asText();
      if (reject.contains(lead)) {
        results.addObject().put("lead_id", lead).put("status", "rejected").put("error", "lead was merged");
        continue;
      }
      accepted++;
      results.addObject().put("lead_id", lead).put("status", "applied");
      appliedOwners.merge(lead + "|" + o.path("owner_rep_id").asText() + "|" + o.path("assigned_on").asText(), 1,
          Integer::sum);
      owners.put(lead, o);
    }
    answer.put("accepted", accepted);
    if (accepted < body.path("updates").size() + body.path("owners").size() && !omitResults) {
      answer.set("results", results);
    }
    return answer.toString();
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
