package io.leadscore.ingest.privacy;

import com.typesafe.config.Config;
import io.leadscore.ingest.IngestErrors;
import io.leadscore.core.config.LeadscoreConfig;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Privacy settings, checked at load: the PII salt, the environment and the lead retention.
 *
 * <p>The salt that reference.conf falls back to is public (it is in this repository), so hashes made with
 * it are reversible by anyone who can enumerate emails. It is refused wherever real data is likely: a
 * storage root that is not a local path, or {@code leadscore.environment = production}.
 *
 * @param piiSalt         the salt of every PII hash (emails, phones, quarantined PII values, erased lead ids)
 * @param environment     {@code development} or {@code production}
 * @param retentionMonths leads inactive for longer are purged; 0 keeps them forever
 */
public record PrivacySettings(String piiSalt, String environment, int retentionMonths) {
  /** The development salt of reference.conf: never acceptable for real data. */
  public static final String DEV_SALT = "local-dev-salt";
  public static final Set<String> ENVIRONMENTS = Set.of("development", "production");
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

  @Override
  public String toString() {
    // the salt is a secret: never printed, even by accident through a record's toString
    return "PrivacySettings[piiSalt=<hidden>, environment=" + environment + ", retentionMonths=" + retentionMonths + "]";
  }

  public static PrivacySettings from(Config c) {
    Config l = c.getConfig(LeadscoreConfig.ROOT);
    String env = l.getString("environment");
    if (!ENVIRONMENTS.contains(env)) {
      throw IngestErrors.of("'leadscore.environment' is '%s' but must be one of %s", env,
          new java.util.TreeSet<>(ENVIRONMENTS));
    }
    int months = l.getInt("retention.months");
    if (months < 0) {
      throw IngestErrors.of("'leadscore.retention.months' is %d; use 0 (keep forever) or a positive number "
          + "of months", months);
    }
    String salt = l.getString("pii.salt");
    String root = l.getString("storage.root");
    boolean devSalt = salt.isBlank() || salt.equals(DEV_SALT);
    if (devSalt && (!isLocal(root) || env.equals("production"))) {
      String why = !isLocal(root) ? "'leadscore.storage.root' is " + root + " (not a local path)"
          : "'leadscore.environment' is production";
      throw IngestErrors.of("LEADSCORE_PII_SALT is not set, and %s: PII would be hashed with the public "
          + "development salt. Set the environment variable LEADSCORE_PII_SALT to a long random secret kept in "
          + "your secret store (e.g. `openssl rand -hex 32`), the same for every run: changing it changes every "
          + "hash", why);
    }
    return new PrivacySettings(salt, env, months);
  }

  /** A plain path or a {@code file:} URI; a one-letter "scheme" is a Windows drive. */
  public static boolean isLocal(String root) {
    var m = SCHEME.matcher(root);
    return !m.find() || m.group(1).equalsIgnoreCase("file");
  }
}
