package io.leadscore.scoring.sink;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.scoring.errors.ScoringException;
import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.sink.FakeCrmServer.Fault;
import io.leadscore.scoring.writeback.Writeback;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP sink against an in-process CRM that fails in the ways real ones do. */
class HttpCrmSinkTest {
  private static final String TOKEN = "Bearer s3cr3t-token";
  private FakeCrmServer crm;
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    crm = new FakeCrmServer("2", 3000);
  }

  @AfterEach
  void stop() {
    crm.close();
  }

  private HttpCrmSink sink(int batchSize, int maxAttempts) {
    // short enough for the slow-answer test, long enough for a loaded machine's normal answers
    return sink(batchSize, maxAttempts, Duration.ofMillis(1000));
  }

  /** A timeout long enough that a cold first request is never retried, where a test counts requests. */
  private HttpCrmSink patient(int batchSize, int maxAttempts) {
    return sink(batchSize, maxAttempts, Duration.ofSeconds(20));
  }

  private HttpCrmSink sink(int batchSize, int maxAttempts, Duration timeout) {
    // the fake CRM listens on loopback over plain http: allowed for a token only with the setting
    HttpSinkSettings s = new HttpSinkSettings(crm.url(), "Authorization", "CRM_TOKEN", timeout,
        batchSize, new RetryPolicy(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5)),
        true);
    return new HttpCrmSink(s, Optional.of(TOKEN), HttpClient.newHttpClient(), sleeps::add, new Random(7));
  }

  @Test
  void retriesServerErrorsWithGrowingJitteredBackoffAndAppliesOnce() {
    crm.script(Fault.SERVER_ERROR, Fault.SERVER_ERROR);
    List<ScoreUpdate> leads = MemoryLedger.leads(10, 0);
    patient(10, 5).send(UpdateBatch.of(leads));

    assertEquals(3, crm.requestKeys.size(), "two 500s, then success");
    assertEquals(1, crm.requestKeys.stream().distinct().count(), "one idempotency key across retries");
    assertEquals(2, sleeps.size());
    // equal jitter: attempt 1 waits in [50, 100] ms, attempt 2 in [100, 200] ms
    assertTrue(sleeps.get(0).toMillis() >= 50 && sleeps.get(0).toMillis() <= 100, sleeps.toString());
    assertTrue(sleeps.get(1).toMillis() >= 100 && sleeps.get(1).toMillis() <= 200, sleeps.toString());
    leads.forEach(u -> assertEquals(1, crm.applied.get(u.leadId())));
    assertTrue(crm.authValues.stream().allMatch(TOKEN::equals), "auth header from the environment on every call");
  }

  @Test
  void honoursRetryAfterOn429() {
    crm.script(Fault.THROTTLE);
    patient(10, 3).send(UpdateBatch.of(MemoryLedger.leads(5, 0)));
    assertEquals(List.of(Duration.ofSeconds(2)), sleeps, "waited exactly Retry-After");
    assertEquals(2, crm.requestKeys.size());
  }

  @Test
  void slowAndMalformedAnswersAreRetriedButAppliedOnceByIdempotencyKey() {
    crm.script(Fault.SLOW_AFTER_APPLY, Fault.MALFORMED_AFTER_APPLY);
    List<ScoreUpdate> leads = MemoryLedger.leads(8, 0);
    sink(8, 4).send(UpdateBatch.of(leads));
    assertEquals(3, crm.requestKeys.size(), "timeout, malformed body, then a confirmed answer");
    leads.forEach(u -> assertEquals(1, crm.applied.get(u.leadId()), "applied exactly once: " + u.leadId()));
  }

  @Test
  void clientErrorsAreNotRetriedAndTheMessageSaysWhyWithoutTheSecret() {
    crm.script(Fault.BAD_REQUEST);
    SinkException e = assertThrows(SinkException.class, () -> sink(5, 5).send(UpdateBatch.of(MemoryLedger.leads(5, 0))));
    assertEquals(1, crm.requestKeys.size());
    assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("not retried"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
  }

  @Test
  void retryAfterLongerThanTheMaximumFailsTheBatchForThisRun() throws Exception {
    crm.close();
    crm = new FakeCrmServer("3600", 0);
    crm.script(Fault.THROTTLE);
    SinkException e = assertThrows(SinkException.class, () -> sink(5, 5).send(UpdateBatch.of(MemoryLedger.leads(5, 0))));
    assertTrue(e.getMessage().contains("Retry-After 3600 s exceeds the configured maximum of 5 s"), e.getMessage());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void errorBudgetStopsTheRunAndTheNextRunDeliversEverythingExactlyOnce() {
    List<ScoreUpdate> leads = MemoryLedger.leads(50, 0);
    MemoryLedger ledger = new MemoryLedger();
    crm.alwaysFail(true);
    Writeback.Report first = new Writeback(1, 1).deliver(ledger.changes(leads), patient(10, 3), ledger);
    assertEquals(0, first.delivered());
    assertEquals(20, first.failed(), "two batches tried (budget 1 = one failure tolerated)");
    assertEquals(30, first.pending(), "the rest not offered");
    assertEquals(6, crm.requestKeys.size(), "3 attempts for each of the 2 batches, none after the budget");
    assertEquals(java.util.Map.of("HTTP 500", 2), first.errorKinds());
    assertEquals(2, first.failedKeys().size());

    crm.alwaysFail(false);
    crm.script(Fault.SERVER_ERROR, Fault.SLOW_AFTER_APPLY);
    Writeback.Report second = new Writeback(1, 1).deliver(ledger.changes(leads), sink(10, 3), ledger);
    assertEquals(50, second.delivered());
    assertEquals(0, second.failed() + second.pending());
    leads.forEach(u -> assertEquals(1, crm.applied.get(u.leadId()), u.leadId()));

    Writeback.Report third = new Writeback(1, 1).deliver(ledger.changes(leads), sink(10, 3), ledger);
    assertEquals(0, third.batches(), "nothing changed, nothing sent");
  }

  @Test
  void aCrashAfterDeliveryBeforeBookkeepingResendsTheSameKeysAndTheCrmIgnoresThem() {
    List<ScoreUpdate> leads = MemoryLedger.leads(30, 0);
    MemoryLedger ledger = new MemoryLedger();
    HttpCrmSink http = patient(10, 3);
    CrmSink crashing = new CrmSink() {
      int sent;

      @Override
      public int batchSize() {
        return http.batchSize();
      }

      @Override
      public void send(UpdateBatch batch) {
        http.send(batch);
        if (++sent == 2) {
          throw new IllegalStateException("simulated crash after the CRM confirmed batch 2");
        }
      }

      @Override
      public String target() {
        return http.target();
      }
    };
    assertThrows(IllegalStateException.class, () -> new Writeback(1, 3).deliver(ledger.changes(leads), crashing, ledger));
    assertEquals(10, ledger.delivered.size(), "only batch 1 was recorded");
    List<String> keysBefore = List.copyOf(crm.requestKeys);

    Writeback.Report next = new Writeback(1, 3).deliver(ledger.changes(leads), patient(10, 3), ledger);
    assertEquals(20, next.delivered());
    assertEquals(20, next.resent(), "batches 2 and 3 were pending: re-sent before anything new");
    assertEquals(keysBefore.get(1), crm.requestKeys.get(2), "batch 2 offered again with the same key");
    leads.forEach(u -> assertEquals(1, crm.applied.get(u.leadId()), u.leadId()));
  }

  @Test
  void aPartial2xxIsSplitByItsPerRowResultsAndNeverRetriedWithTheSameKey() {
    List<ScoreUpdate> leads = MemoryLedger.leads(10, 0);
    crm.reject.add("L0003");
    MemoryLedger ledger = new MemoryLedger();
    Writeback.Report first = new Writeback(1, 3).deliver(ledger.changes(leads), patient(10, 5), ledger);
    assertEquals(1, crm.requestKeys.size(), "the CRM's answer is final: not retried (it would only be replayed)");
    assertEquals(9, first.delivered());
    assertEquals(1, first.failed());
    assertEquals(java.util.Map.of("partial answer: rows rejected", 1), first.errorKinds());
    assertEquals(9, ledger.delivered.size(), "the applied rows are recorded");
    assertFalse(ledger.delivered.containsKey("L0003"));
    assertEquals(1, ledger.pending.size(), "the rejected row waits for the next run");
    assertNotEquals(crm.requestKeys.get(0), ledger.pending.get(0).key(), "under a new key");

    crm.reject.clear();
    Writeback.Report second = new Writeback(1, 3).deliver(ledger.changes(leads), patient(10, 5), ledger);
    assertEquals(1, second.delivered());
    assertEquals(0, second.failed() + second.pending());
    assertEquals(2, crm.requestKeys.size(), "one request per run, no loop");
    leads.forEach(u -> assertEquals(1, crm.applied.get(u.leadId()), u.leadId()));
    assertTrue(ledger.pending.isEmpty());
  }

  @Test
  void aPartial2xxWithoutPerRowResultsFailsTheBatchClearlyAndOnce() {
    List<ScoreUpdate> leads = MemoryLedger.leads(6, 0);
    crm.reject.add("L0001");
    crm.omitResults = true;
    MemoryLedger ledger = new MemoryLedger();
    Writeback.Report r = new Writeback(1, 3).deliver(ledger.changes(leads), patient(10, 5), ledger);
    assertEquals(1, crm.requestKeys.size());
    assertEquals(0, r.delivered());
    assertEquals(6, r.failed());
    assertEquals(java.util.Map.of("partial answer without per-row results", 1), r.errorKinds());
    SinkException e = assertThrows(SinkException.class, () -> patient(10, 5).send(UpdateBatch.of(leads)));
    assertTrue(e.definitive());
    assertTrue(e.getMessage().contains("accepted 5 of 6") && e.getMessage().contains("no per-row"), e.getMessage());
  }

  @Test
  void leadIdsAndCrmAnswersStayOutOfTheReportWhichCountsFailuresByKind() {
    // the report goes into the summary, job_runs and the HTML report, kept for good: no lead id, no CRM body
    crm.reject.add("L0007");
    MemoryLedger ledger = new MemoryLedger();
    crm.script(Fault.BAD_REQUEST);
    Writeback.Report r = new Writeback(1, 5).deliver(ledger.changes(MemoryLedger.leads(10, 0)), patient(5, 3), ledger);
    assertEquals(java.util.Map.of("HTTP 400", 1, "partial answer: rows rejected", 1), r.errorKinds());
    assertEquals(2, r.failedKeys().size(), "the batch keys are named");
    String told = r.toString();
    for (String personal : List.of("L0007", "lead was merged", "unknown field", "L0000")) {
      assertFalse(told.contains(personal), personal + " in " + told);
    }
  }

  @Test
  void aTokenGoesOverPlainHttpOnlyToThisMachineAndOnlyWhenAllowed() {
    RetryPolicy retry = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    java.util.function.BiFunction<String, Boolean, HttpSinkSettings> settings = (url, allow) -> new HttpSinkSettings(
        java.net.URI.create(url), "Authorization", "CRM_TOKEN", Duration.ofSeconds(1), 10, retry, allow);
    ScoringException refused = assertThrows(ScoringException.class,
        () -> CrmSinks.http(settings.apply("http://127.0.0.1:8080/api?key=k3y", false), Optional.of(TOKEN)));
    assertEquals("'leadscore.writeback.http.url' is http://127.0.0.1:8080/api?***, plain http, but the credential "
        + "from CRM_TOKEN would be sent over it: use an https URL, or for a CRM on this machine set "
        + "leadscore.writeback.http.allow_plain_http_loopback = true", refused.getMessage());
    for (String loopback : List.of("http://127.0.0.1:8080/x", "http://127.1.2.3/x", "http://localhost:1/x",
        "http://[::1]:8080/x")) {
      CrmSinks.http(settings.apply(loopback, true), Optional.of(TOKEN));
    }
    for (String remote : List.of("http://crm.example.com/x", "http://10.0.0.5/x", "http://127.0.0.1.example.com/x",
        "http://128.0.0.1/x")) {
      ScoringException e = assertThrows(ScoringException.class,
          () -> CrmSinks.http(settings.apply(remote, true), Optional.of(TOKEN)), remote);
      assertTrue(e.getMessage().contains("plain http is allowed only to 127.0.0.0/8, ::1 or localhost"), e.getMessage());
    }
    CrmSinks.http(settings.apply("https://crm.example.com/x", false), Optional.of(TOKEN));
    CrmSinks.http(settings.apply("http://crm.example.com/x", false), Optional.empty());
  }

  @Test
  void keysAreUniquePerIntendedChangeNotPerContent() {
    List<ScoreUpdate> a = List.of(new ScoreUpdate("L1", 81, "A", List.of("x"), "3"));
    assertEquals(UpdateBatch.of(a, List.of("k0")).key(), UpdateBatch.of(List.copyOf(a), List.of("k0")).key(),
        "the same intended change, the same key");
    assertNotEquals(UpdateBatch.of(a, List.of("k0")).key(), UpdateBatch.of(a, List.of("k2")).key(),
        "the same values on another confirmed basis (A after B) are a new change");
    ScoreUpdate dated = new ScoreUpdate("L1", 81, "A", List.of("x"), "3", java.time.LocalDate.of(2026, 11, 24), null);
    ScoreUpdate later = new ScoreUpdate("L1", 81, "A", List.of("x"), "3", java.time.LocalDate.of(2026, 11, 25), null);
    assertNotEquals(UpdateBatch.of(List.of(dated)).key(), UpdateBatch.of(List.of(later)).key());
  }

  @Test
  void aToBToAOverThreeNightsEndsWithAInTheCrm() {
    MemoryLedger ledger = new MemoryLedger();
    List<ScoreUpdate> a = MemoryLedger.leads(10, 0);
    List<ScoreUpdate> b = MemoryLedger.leads(10, 5);
    for (List<ScoreUpdate> night : List.of(a, b, a)) {
      Writeback.Report r = new Writeback(1, 0).deliver(ledger.changes(night), patient(10, 2), ledger);
      assertEquals(10, r.delivered());
    }
    a.forEach(u -> assertEquals(u.score(), crm.score(u.leadId()), "the CRM shows A again: " + u.leadId()));
    assertEquals(3, crm.requestKeys.stream().distinct().count(), "three nights, three intended changes");
  }
}
