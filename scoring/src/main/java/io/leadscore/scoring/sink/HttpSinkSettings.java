package io.leadscore.scoring.sink;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of the HTTP sink. The auth header's value is not here: only the name of the environment variable
 * holding it ({@code authEnv}), so the secret never sits in config, logs or run parameters.
 *
 * @param allowPlainHttpLoopback a credential may go over plain http, but only to this machine (127.0.0.0/8, ::1,
 *                               localhost): {@code leadscore.writeback.http.allow_plain_http_loopback}
 */
public record HttpSinkSettings(URI url, String authHeader, String authEnv, Duration timeout, int batchSize,
                               RetryPolicy retry, boolean allowPlainHttpLoopback) {
  /** Settings that send a credential over https only. */
  public HttpSinkSettings(URI url, String authHeader, String authEnv, Duration timeout, int batchSize,
                          RetryPolicy retry) {
    this(url, authHeader, authEnv, timeout, batchSize, retry, false);
  }

  /** Whether the URL's host is this machine, by its literal name (never resolved: a DNS answer can lie). */
  public boolean loopback() {
    return io.leadscore.core.Loopback.host(url);
  }
}
