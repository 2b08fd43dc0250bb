package io.leadscore.scoring.sink;

import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.SCORE_DATE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.core.Redact;
import io.leadscore.scoring.errors.ScoringErrors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched JSON updates to a CRM REST endpoint (the contract: docs/reference/crm-rest-contract.md):
 * {@code POST url} with header {@code Idempotency-Key: k} and body {@code {"idempotency_key": k, "updates":
 * [{"lead_id", "score", "tier", "reasons", "model_version", "score_date", "next_best_action", "cleared"}]}}
 * (a clear has null score, tier and action, no reasons, and {@code "cleared": "<reason>"}), or, for the route stage's
 * batches, {@code {"idempotency_key": k, "owners": [{"lead_id", "owner_rep_id", "assigned_on", "reason"}]}}; the
 * CRM answers 2xx with
 * {@code {"accepted": n}}, plus {@code "results": [{"lead_id", "status": "applied"|"rejected", "error"}]}
 * whenever it applied fewer than all. A key the CRM already answered is answered again, not applied twice.
 *
 * <p>Retries 5xx, 408, 429, timeouts/connection errors and an unreadable 2xx body (a proxy's error page) with
 * backoff, waiting {@code Retry-After} when given: the CRM may not have answered this key yet. A readable
 * 2xx that accepted fewer than all is the CRM's final answer for this key and is never retried with it
 * (that would replay the cached answer): the applied rows are confirmed by the per-row results and the rest
 * is failed as {@link SinkException#partial}, or the whole batch as {@link SinkException#refused} when the
 * answer has no usable results. Other 4xx are refused at once (a retry cannot fix them).
 */
final class HttpCrmSink implements CrmSink {
  private static final Logger LOG = LoggerFactory.getLogger(HttpCrmSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Waits between attempts; tests record instead of sleeping. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final HttpSinkSettings settings;
  private final Optional<String> authValue;
  private final HttpClient client;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  HttpCrmSink(HttpSinkSettings settings, Optional<String> authValue, HttpClient client, Sleeper sleeper,
              RandomGenerator random) {
    requireSafeTransport(settings, authValue.isPresent());
    this.settings = settings;
    this.authValue = authValue;
    this.client = client;
    this.sleeper = sleeper;
    this.random = random;
  }

  /**
   * A credential goes over https only: plain http is refused while a token is sent, unless the CRM is on this
   * machine and {@code allow_plain_http_loopback} says so (a test CRM, a local tunnel).
   */
  static void requireSafeTransport(HttpSinkSettings s, boolean sendsCredential) {
    if (!sendsCredential || "https".equalsIgnoreCase(s.url().getScheme())) {
      return;
    }
    if (s.allowPlainHttpLoopback() && s.loopback()) {
      return;
    }
    throw ScoringErrors.of("'leadscore.writeback.http.url' is %s, plain http, but the credential from %s would be "
        + "sent over it: use an https URL%s", Redact.url(s.url().toString()), s.authEnv(), s.loopback()
        ? ", or for a CRM on this machine set leadscore.writeback.http.allow_plain_http_loopback = true"
        : " (plain http is allowed only to 127.0.0.0/8, ::1 or localhost, with "
            + "leadscore.writeback.http.allow_plain_http_loopback = true)");
  }

  @Override
  public int batchSize() {
    return settings.batchSize();
  }

  @Override
  public String target() {
    // a query string or user info could carry a credential
    return Redact.url(settings.url().toString());
  }

  @Override
  public void send(UpdateBatch batch) {
    HttpRequest request = request(batch);
    RetryPolicy retry = settings.retry();
    String last = "not attempted";
    String kind = "not attempted";
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      Optional<Duration> retryAfter = Optional.empty();
      try {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
          Optional<String> problem = confirmation(r.body(), batch);
          if (problem.isEmpty()) {
            return;
          }
          last = "HTTP " + status + " but " + problem.get();
          kind = "HTTP " + status + " unreadable answer";
        } else if (RetryPolicy.retryable(status)) {
          last = "HTTP " + status;
          kind = last;
          retryAfter = RetryPolicy.parseRetryAfter(r.headers().firstValue("Retry-After"),
              ZonedDateTime.now(ZoneOffset.UTC));
        } else {
          throw SinkException.refused("HTTP " + status, "CRM at " + target() + " refused batch " + batch.key()
              + " with HTTP "
              + status + " (not retried: fix the request or the endpoint configuration; the batch is offered "
              + "again next run under a new key): " + abbreviate(r.body()));
        }
      } catch (HttpTimeoutException e) {
        last = "no answer within " + settings.timeout().toMillis() + " ms";
        kind = "timeout";
      } catch (IOException e) {
        last = "connection failed: " + e.getMessage();
        kind = "connection failed";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkException("interrupted", "interrupted while delivering batch " + batch.key(), e);
      }
      if (attempt == retry.maxAttempts()) {
        break;
      }
      Optional<Duration> wait = retry.delay(attempt, retryAfter, random);
      if (wait.isEmpty()) {
        last += ", and Retry-After " + retryAfter.get().toSeconds() + " s exceeds the configured maximum of "
            + retry.maxRetryAfter().toSeconds() + " s";
        break;
      }
      // the kind at INFO: an unreadable answer's body may hold personal data (DEBUG has it)
      LOG.info("CRM batch {} attempt {} failed ({}); retrying in {} ms", batch.key(), attempt, kind,
          wait.get().toMillis());
      LOG.debug("CRM batch {} attempt {} in detail: {}", batch.key(), attempt, last);
      try {
        sleeper.sleep(wait.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkException("interrupted", "interrupted while delivering batch " + batch.key(), e);
      }
    }
    throw new SinkException(kind, "CRM at " + target() + " did not confirm batch " + batch.key() + " after "
        + retry.maxAttempts() + " attempt(s): " + last);
  }

  private HttpRequest request(UpdateBatch batch) {
    ObjectNode body = JSON.createObjectNode().put("idempotency_key", batch.key());
    if (batch.isOwners()) {
      ArrayNode owners = body.putArray("owners");
      batch.owners().forEach(o -> owners.addObject().put(LEAD_ID, o.leadId()).put("owner_rep_id", o.repId())
          .put("assigned_on", o.assignedOn().toString()).put("reason", o.reason()));
    }
    ArrayNode updates = batch.isOwners() ? JSON.createArrayNode() : body.putArray("updates");
    for (ScoreUpdate u : batch.updates()) {
      ObjectNode n = updates.addObject().put(LEAD_ID, u.leadId()).put("score", u.score()).put("tier", u.tier())
          .put("model_version", u.modelVersion())
          .put(SCORE_DATE, u.scoreDate() == null ? null : u.scoreDate().toString());
      u.reasons().forEach(n.putArray("reasons")::add);
      n.put("next_best_action", u.action().isEmpty() ? null : u.action());
      if (u.isClear()) {
        n.put("cleared", u.clearReason());
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
        .header("Content-Type", "application/json").header("Idempotency-Key", batch.key())
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    authValue.ifPresent(v -> b.header(settings.authHeader(), v));
    return b.build();
  }

  /**
   * Empty when the body confirms every update of the batch; a description when the body is unreadable (worth
   * another attempt with the same key). Throws when the CRM answered for good that it applied only part.
   */
  static Optional<String> confirmation(String body, UpdateBatch batch) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      return Optional.of("the body is not JSON: " + abbreviate(body));
    }
    if (n == null || !n.path("accepted").canConvertToInt()) {
      return Optional.of("the body has no \"accepted\" count: " + abbreviate(body));
    }
    int accepted = n.path("accepted").asInt();
    if (accepted == batch.size()) {
      return Optional.empty();
    }
    String head = "CRM accepted " + accepted + " of " + batch.size() + " updates of batch " + batch.key();
    JsonNode results = n.path("results");
    if (!results.isArray()) {
      throw SinkException.refused("partial answer without per-row results", head
          + " and gave no per-row \"results\" to tell which: none is taken as "
          + "delivered, all are offered again next run under a new key");
    }
    Set<String> ids = new HashSet<>();
    ids.addAll(batch.leadIds());
    Set<String> applied = new HashSet<>();
    List<String> rejected = new ArrayList<>();
    for (JsonNode r : results) {
      String lead = r.path(LEAD_ID).asText();
      if (!ids.contains(lead)) {
        continue;
      }
      if ("applied".equals(r.path("status").asText())) {
        applied.add(lead);
      } else if (rejected.size() < 5) {
        rejected.add(lead + " (" + r.path("error").asText(r.path("status").asText()) + ")");
      }
    }
    if (applied.size() != accepted) {
      throw SinkException.refused("partial answer with inconsistent results", head + " but its results name "
          + applied.size() + " applied rows: none is "
          + "taken as delivered, all are offered again next run under a new key");
    }
    throw SinkException.partial("partial answer: rows rejected", head
        + "; rejected, offered again next run under a new key: "
        + String.join(", ", rejected) + (batch.size() - accepted > rejected.size() ? ", ..." : ""), applied);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
