package io.leadscore.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import io.leadscore.core.CoreErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads the HOCON configuration: {@code -Dleadscore.*} system properties over the given file over every
 * module's {@code reference.conf}. Keys under {@code leadscore} that no reference.conf declares are
 * rejected at start-up (a typo must not silently fall back to a default).
 */
public final class LeadscoreConfig {
  public static final String ROOT = "leadscore";

  private LeadscoreConfig() {}

  public static Config load(Path file, Map<String, String> overrides) {
    if (file != null && !Files.isRegularFile(file)) {
      throw CoreErrors.missingConfigFile(file);
    }
    Config reference = ConfigFactory.defaultReference();
    Config fromFile = file == null ? ConfigFactory.empty()
        : ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    Config merged;
    try {
      merged = overrides(overrides)
          .withFallback(ConfigFactory.systemProperties().withOnlyPath(ROOT))
          .withFallback(fromFile)
          .withFallback(reference)
          .resolve();
    } catch (ConfigException e) {
      throw CoreErrors.wrap("Invalid configuration in " + (file == null ? "overrides" : file) + ": "
          + e.getMessage().replace("command line", ConfigOrigins.SET), e);
    }
    rejectUnknownKeys(merged, reference);
    List<String> wrong = ConfigOrigins.typeErrors(merged, reference,
        new java.util.HashSet<>(reference.getStringList("leadscore.config.open_sections")));
    if (!wrong.isEmpty()) {
      throw CoreErrors.of("%s", String.join("; ", wrong));
    }
    return merged;
  }

  /**
   * The {@code --set} overrides. A value in brackets or braces is HOCON ({@code --set k=[a, b]}, a list of
   * rules), so list and object keys can be set too; any other value is a plain string that Typesafe Config
   * converts to the key's type when it is read.
   */
  private static Config overrides(Map<String, String> overrides) {
    Map<String, String> plain = new java.util.LinkedHashMap<>();
    Config structured = ConfigFactory.empty();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String v = e.getValue() == null ? "" : e.getValue().trim();
      if (v.startsWith("[") || v.startsWith("{")) {
        structured = ConfigFactory.parseString(e.getKey() + " = " + v,
            ConfigParseOptions.defaults().setOriginDescription(ConfigOrigins.SET)).withFallback(structured);
      } else {
        plain.put(e.getKey(), e.getValue());
      }
    }
    return structured.withFallback(ConfigFactory.parseMap(plain, ConfigOrigins.SET));
  }

  /** Loads only the reference defaults plus overrides: for tests and benchmarks. */
  public static Config defaults(Map<String, String> overrides) {
    return load(null, overrides);
  }

  static void rejectUnknownKeys(Config merged, Config reference) {
    if (!merged.hasPath(ROOT)) {
      return;
    }
    TreeSet<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : merged.getConfig(ROOT).entrySet()) {
      String key = ROOT + "." + e.getKey();
      if (!reference.hasPathOrNull(key) && !underOpenSection(key, reference) && !serviceKey(key, reference)) {
        // each key with where it was set: a bad --set key must not be blamed on the --conf file
        unknown.add(key + " (set by " + ConfigOrigins.describe(e.getValue().origin()) + ")");
      }
    }
    if (!unknown.isEmpty()) {
      throw CoreErrors.of("Unknown configuration key(s) %s: check the spelling (every key has a default "
          + "in a module's reference.conf; conf/local.conf shows the common ones)", String.join(", ", unknown));
    }
  }

  /** A key of a service section whose module is not on this classpath (see core's reference.conf). */
  private static boolean serviceKey(String key, Config reference) {
    for (String section : reference.getStringList("leadscore.config.service_sections")) {
      if (key.startsWith(section + ".") && !reference.hasPath(section)) {
        return true;
      }
    }
    return false;
  }

  /** Sections whose children are user-defined names (source mappings, hyper-parameter grids). */
  private static boolean underOpenSection(String key, Config reference) {
    for (String open : reference.getStringList("leadscore.config.open_sections")) {
      if (key.startsWith(open + ".")) {
        return true;
      }
    }
    return false;
  }
}
