package io.leadscore.scoring.sink;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of the HTTP sink. The auth header's value is not here: only the name of the environment variable
 * holding it ({@code authEnv}), so the secret never sits in config, logs or run parameters.
 */
public record HttpSinkSettings(URI url, String authHeader, String authEnv, Duration timeout, int batchSize,
                               RetryPolicy retry) {}
