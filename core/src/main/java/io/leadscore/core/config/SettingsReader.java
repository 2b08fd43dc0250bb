package io.leadscore.core.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Reads one section of the configuration ({@code leadscore.training}, ...) and checks each value as it reads it,
 * so that a key is written once: the read and the error that names it use the same path. A value out of its
 * rule raises the module's own error ({@link Rejection}) with the key's full path, the value and the rule.
 */
public final class SettingsReader {
  /** Builds the owning module's error: "'key' is value but must be rule". */
  @FunctionalInterface
  public interface Rejection {
    RuntimeException of(String key, Object value, String rule);
  }

  private final Config section;
  private final String path;
  private final Rejection reject;

  private SettingsReader(Config section, String path, Rejection reject) {
    this.section = section;
    this.path = path;
    this.reject = reject;
  }

  /** The section at {@code path} (e.g. {@code leadscore.promotion}) of the loaded configuration. */
  public static SettingsReader of(Config config, String path, Rejection reject) {
    return new SettingsReader(config.getConfig(path), path, reject);
  }

  /** A sub-section, e.g. {@code at("distributed")} of {@code leadscore.training}. */
  public SettingsReader at(String key) {
    return new SettingsReader(section.getConfig(key), key(key), reject);
  }

  /** The full path of {@code key}, for a message that names a key this reader read. */
  public String key(String key) {
    return path + "." + key;
  }

  /** The section's Typesafe {@link Config}, for what the typed readers do not cover (lists, objects). */
  public Config config() {
    return section;
  }

  public int integer(String key, LongPredicate ok, String rule) {
    int v = section.getInt(key);
    return (int) check(key, v, ok, rule);
  }

  public long longValue(String key, LongPredicate ok, String rule) {
    return check(key, section.getLong(key), ok, rule);
  }

  /** A size in bytes, written as a number or with a unit ({@code 1m}, {@code 512k}). */
  public long bytes(String key, LongPredicate ok, String rule) {
    return check(key, section.getBytes(key), ok, rule);
  }

  public double number(String key, DoublePredicate ok, String rule) {
    double v = section.getDouble(key);
    if (!ok.test(v)) {
      throw reject.of(key(key), v, rule);
    }
    return v;
  }

  /** A share in [0, 1]: {@code 0 <= v <= 1}. */
  public double share(String key) {
    return number(key, v -> v >= 0 && v <= 1, "in [0, 1]");
  }

  public boolean flag(String key) {
    return section.getBoolean(key);
  }

  public String string(String key) {
    return section.getString(key);
  }

  public <T> T string(String key, java.util.function.Function<String, T> parse, Predicate<T> ok, String rule) {
    String raw = section.getString(key);
    T v = parse.apply(raw);
    if (!ok.test(v)) {
      throw reject.of(key(key), "'" + raw + "'", rule);
    }
    return v;
  }

  public Duration duration(String key, Predicate<Duration> ok, String rule) {
    Duration d = section.getDuration(key);
    if (!ok.test(d)) {
      throw reject.of(key(key), d, rule);
    }
    return d;
  }

  /** A duration above zero. */
  public Duration positiveDuration(String key) {
    return duration(key, d -> !d.isNegative() && !d.isZero(), "above zero");
  }

  /** Raises the module's error for a value of {@code key} that a check across values rejected. */
  public RuntimeException bad(String key, Object value, String rule) {
    return reject.of(key(key), value, rule);
  }

  private long check(String key, long v, LongPredicate ok, String rule) {
    if (!ok.test(v)) {
      throw reject.of(key(key), v, rule);
    }
    return v;
  }
}
