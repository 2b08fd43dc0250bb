package io.leadscore.scoring.sink;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.scoring.errors.ScoringException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(60));

  @Test
  void backoffDoublesWithEqualJitterAndIsCapped() {
    Random r = new Random(1);
    long[][] bounds = {{250, 500}, {500, 1000}, {1000, 2000}, {2000, 4000}, {2000, 4000}, {2000, 4000}};
    for (int attempt = 1; attempt <= bounds.length; attempt++) {
      for (int i = 0; i < 200; i++) {
        long ms = policy.backoff(attempt, r).toMillis();
        assertTrue(ms >= bounds[attempt - 1][0] && ms <= bounds[attempt - 1][1], "attempt " + attempt + ": " + ms);
      }
    }
  }

  @Test
  void jitterSpreadsClients() {
    Random r = new Random(2);
    long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> policy.backoff(3, r).toMillis()).distinct().count();
    assertTrue(distinct > 20, "jitter should spread delays, got " + distinct + " distinct values");
  }

  @Test
  void retryAfterWinsOverBackoffUpToTheMaximum() {
    Random r = new Random(3);
    assertEquals(Optional.of(Duration.ofSeconds(7)), policy.delay(1, Optional.of(Duration.ofSeconds(7)), r));
    assertEquals(Optional.empty(), policy.delay(1, Optional.of(Duration.ofSeconds(61)), r));
    assertTrue(policy.delay(1, Optional.empty(), r).orElseThrow().toMillis() <= 500);
  }

  @Test
  void parsesRetryAfterSecondsAndHttpDates() {
    ZonedDateTime now = ZonedDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.UTC);
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryPolicy.parseRetryAfter(Optional.of(" 120 "), now));
    assertEquals(Optional.of(Duration.ofSeconds(90)),
        RetryPolicy.parseRetryAfter(Optional.of("Tue, 24 Nov 2026 12:01:30 GMT"), now));
    assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter(Optional.of("Tue, 24 Nov 2026 11:00:00 GMT"), now));
    assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(Optional.of("soon"), now));
    assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(Optional.empty(), now));
  }

  @Test
  void retryableStatuses() {
    assertTrue(RetryPolicy.retryable(500) && RetryPolicy.retryable(503) && RetryPolicy.retryable(429)
        && RetryPolicy.retryable(408));
    assertFalse(RetryPolicy.retryable(400) || RetryPolicy.retryable(401) || RetryPolicy.retryable(404));
  }

  @Test
  void rejectsInconsistentSettings() {
    ScoringException e = assertThrows(ScoringException.class,
        () -> new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO));
    assertEquals("The CRM retry settings need 'leadscore.writeback.http.max_attempts' >= 1, 0 <= backoff_initial "
        + "<= backoff_max and retry_after_max >= 0; got 3, PT5S, PT1S and PT0S", e.getMessage());
  }
}
