package io.leadscore.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a configuration value came from, said the way a user set it: {@code --set}, {@code -D}, or the
 * file and line. Typesafe Config's own messages give a path relative to the section a module read and
 * call the command line "command line"; users need the full key and how to change it.
 */
public final class ConfigOrigins {
  /** The origin description {@link LeadscoreConfig} gives to {@code --set} overrides. */
  static final String SET = "--set";
  private static final Pattern KEY = Pattern.compile("leadscore(\\.[A-Za-z0-9_\\-\"]+)+");

  private ConfigOrigins() {}

  /** How {@code key}'s current value was set, e.g. {@code --set}, {@code -D}, {@code conf/x.conf:12}. */
  public static String of(Config config, String key) {
    if (!config.hasPathOrNull(key)) {
      return "not set";
    }
    return describe(config.getValue(key).origin());
  }

  static String describe(ConfigOrigin o) {
    String d = o.description();
    if (d.startsWith(SET)) {
      return SET;
    }
    if (d.startsWith("system propert")) {
      return "-D";
    }
    if (o.filename() != null) {
      return o.filename() + (o.lineNumber() > 0 ? ":" + o.lineNumber() : "");
    }
    if (o.resource() != null) {
      return (o.resource().startsWith("reference.conf") || o.resource().startsWith("leadscore-sources")
          ? "default in " : "") + o.resource() + (o.lineNumber() > 0 ? ":" + o.lineNumber() : "");
    }
    return d;
  }

  /**
   * {@code message} with the origin of every full {@code leadscore.*} key it names appended, so a range
   * error raised deep inside a settings class still tells the user where to fix it.
   */
  public static String annotate(Config config, String message) {
    if (message == null || config == null) {
      return message;
    }
    Set<String> keys = new LinkedHashSet<>();
    Matcher m = KEY.matcher(message);
    while (m.find()) {
      String k = m.group().replaceAll("[.\"]+$", "");
      // the longest prefix that is a path: messages may continue a key with punctuation
      while (k.contains(".") && !isPath(config, k)) {
        k = k.substring(0, k.lastIndexOf('.'));
      }
      if (isPath(config, k) && !k.equals(LeadscoreConfig.ROOT)) {
        keys.add(k);
      }
    }
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      parts.add(k + " from " + of(config, k));
    }
    return parts.isEmpty() ? message : message + " [" + String.join("; ", parts) + "]";
  }

  private static boolean isPath(Config c, String k) {
    try {
      return c.hasPathOrNull(k);
    } catch (ConfigException e) {
      return false;
    }
  }

  /**
   * Checks every value whose key the reference declares against the reference value's type: a number
   * stays a number (an integer an integer), a boolean a boolean, a duration a duration, a list a list.
   * Returns one line per bad value, each with the full key, the value and its origin.
   */
  static List<String> typeErrors(Config merged, Config reference, Set<String> openSections) {
    List<String> errors = new ArrayList<>();
    if (!reference.hasPath(LeadscoreConfig.ROOT)) {
      return errors;
    }
    for (Map.Entry<String, ConfigValue> e : reference.getConfig(LeadscoreConfig.ROOT).entrySet()) {
      String key = LeadscoreConfig.ROOT + "." + e.getKey();
      if (openSections.stream().anyMatch(s -> key.startsWith(s + ".")) || !merged.hasPath(key)) {
        continue;
      }
      String expected = check(merged, key, e.getValue());
      if (expected != null) {
        ConfigValue v = merged.getValue(key);
        errors.add(String.format("'%s' is %s but must be %s (set by %s)", key, v.render(), expected,
            describe(v.origin())));
      }
    }
    return errors;
  }

  /** Null when {@code key}'s value in merged has the reference's type, else what it must be. */
  private static String check(Config merged, String key, ConfigValue ref) {
    try {
      if (ref.valueType() == ConfigValueType.NUMBER) {
        // whole or not is the settings class's call (an integer default may be read as a double)
        merged.getDouble(key);
      } else if (ref.valueType() == ConfigValueType.BOOLEAN) {
        merged.getBoolean(key);
      } else if (ref.valueType() == ConfigValueType.LIST) {
        merged.getList(key);
      } else if (ref.valueType() == ConfigValueType.STRING && isDuration(ref)) {
        merged.getDuration(key);
      }
      return null;
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      return switch (ref.valueType()) {
        case NUMBER -> "a number";
        case BOOLEAN -> "true or false";
        case LIST -> "a list, e.g. [a, b]";
        default -> "a duration, e.g. 30s, 6h or 1d";
      };
    }
  }

  private static boolean isDuration(ConfigValue ref) {
    return ref.unwrapped() instanceof String s && s.matches("\\s*[0-9]+\\s*(ms|s|m|h|d|seconds|minutes|hours|days)\\s*");
  }
}
