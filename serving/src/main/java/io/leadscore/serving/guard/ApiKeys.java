package io.leadscore.serving.guard;

import io.leadscore.core.Sha256;
import io.leadscore.serving.errors.ServingErrors;
import io.leadscore.serving.settings.ServingSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The accepted API keys, held only as SHA-256 digests (hex): from the environment variable named by
 * {@code api_keys.env} (comma separated) and the file {@code api_keys.file} (one per line, '#' comments). A
 * presented key is hashed and looked up; the key itself is never stored or logged. Its digest's first 12 hex
 * characters name it in the access log and the rate limiter.
 */
public final class ApiKeys {
  private final Set<String> digests;
  private final boolean required;

  private ApiKeys(Set<String> digests, boolean required) {
    this.digests = Set.copyOf(digests);
    this.required = required;
  }

  public static ApiKeys from(ServingSettings s, Map<String, String> env) {
    Set<String> digests = new HashSet<>();
    String fromEnv = env.get(s.apiKeys().env());
    if (fromEnv != null) {
      for (String d : fromEnv.split(",")) {
        add(digests, d, "environment variable " + s.apiKeys().env());
      }
    }
    if (!s.apiKeys().file().isEmpty()) {
      try {
        for (String line : Files.readAllLines(Path.of(s.apiKeys().file()), StandardCharsets.UTF_8)) {
          add(digests, line.replaceFirst("#.*", ""), "file " + s.apiKeys().file());
        }
      } catch (IOException e) {
        throw ServingErrors.config("cannot read leadscore.serving.api_keys.file %s: %s", s.apiKeys().file(),
            e.getMessage());
      }
    }
    if (s.apiKeys().required() && digests.isEmpty()) {
      throw ServingErrors.config("leadscore.serving.api_keys.required is true but no key digest is set: put "
          + "SHA-256 hex digests in $%s or in leadscore.serving.api_keys.file (e.g. printf %%s \"$KEY\" | "
          + "sha256sum)", s.apiKeys().env());
    }
    return new ApiKeys(digests, s.apiKeys().required());
  }

  private static void add(Set<String> digests, String raw, String where) {
    String d = raw.trim().toLowerCase(Locale.ROOT);
    if (d.isEmpty()) {
      return;
    }
    if (!d.matches("[0-9a-f]{64}")) {
      // never echo the value: it may be a plain key pasted by mistake
      throw ServingErrors.config("the %s holds an entry that is not a SHA-256 hex digest (64 hex characters): "
          + "store digests of keys, never keys", where);
    }
    digests.add(d);
  }

  /** The caller's id (its digest's prefix), or "anonymous" when keys are not required; 401 otherwise. */
  public String check(String presented) {
    if (presented == null || presented.isBlank()) {
      if (!required) {
        return "anonymous";
      }
      throw ServingErrors.unauthorized();
    }
    String d = sha256(presented.trim());
    if (digests.contains(d)) {
      return d.substring(0, 12);
    }
    throw ServingErrors.unauthorized();
  }

  public static String sha256(String text) {
    return Sha256.hex(text);
  }
}
