package io.leadscore.scoring.sink;

import io.leadscore.scoring.errors.ScoringErrors;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a CRM call again and how long to wait: exponential backoff with "equal jitter" (half the
 * capped exponential delay plus a random part up to the other half, so retrying clients spread out but
 * never retry immediately), and the server's {@code Retry-After} on 429/503 when it gives one.
 *
 * @param maxAttempts   attempts per batch, the first included
 * @param initial       the delay before the second attempt (before jitter)
 * @param max           the cap of the exponential delay
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one fails the batch for this run
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max, Duration maxRetryAfter) {
  public RetryPolicy {
    if (maxAttempts < 1 || initial.isNegative() || max.compareTo(initial) < 0 || maxRetryAfter.isNegative()) {
      throw ScoringErrors.of("The CRM retry settings need 'leadscore.writeback.http.max_attempts' >= 1, 0 <= "
          + "backoff_initial <= backoff_max and retry_after_max >= 0; got %d, %s, %s and %s", maxAttempts, initial, max,
          maxRetryAfter);
    }
  }

  /** Whether an HTTP status is worth another attempt: throttling, timeouts and server errors. */
  public static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** The exponential backoff with equal jitter before attempt {@code attempt + 1} (attempt counts from 1). */
  public Duration backoff(int attempt, RandomGenerator random) {
    long capped = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 30));
    long half = capped / 2;
    return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
  }

  /**
   * The wait before the next attempt: the server's Retry-After when given (never less than it), else the
   * backoff. Empty when the server asks to wait longer than {@code maxRetryAfter}.
   */
  public Optional<Duration> delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
    if (retryAfter.isPresent()) {
      return retryAfter.get().compareTo(maxRetryAfter) > 0 ? Optional.empty() : retryAfter;
    }
    return Optional.of(backoff(attempt, random));
  }

  /** Parses a Retry-After header: delay-seconds or an HTTP-date (RFC 9110); empty when absent or unreadable. */
  public static Optional<Duration> parseRetryAfter(Optional<String> header, ZonedDateTime now) {
    if (header.isEmpty() || header.get().isBlank()) {
      return Optional.empty();
    }
    String v = header.get().trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException unreadable) {
        return Optional.empty();
      }
    }
  }
}
