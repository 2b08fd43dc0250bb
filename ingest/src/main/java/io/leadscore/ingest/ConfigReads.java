package io.leadscore.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Reads of a mapping block that name the block's path when the key is missing, mistyped or unknown. */
final class ConfigReads {
  private ConfigReads() {}

  /** Unknown keys are rejected: a misspelt rule must not silently validate nothing. */
  static void unknownKeys(String at, Config c, Set<String> known) {
    for (String k : c.root().keySet()) {
      if (!known.contains(k)) {
        throw IngestErrors.unknownKey(at, k, known);
      }
    }
  }

  static List<String> list(Config c, String key) {
    return c.hasPath(key) ? c.getStringList(key) : List.of();
  }

  static <T> T get(String at, String key, Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigException.Missing e) {
      throw IngestErrors.missingKey(at, key);
    } catch (ConfigException.WrongType e) {
      throw IngestErrors.wrongType(at, key, e.getMessage());
    }
  }

  /** A column name as one path element, even when it holds a dot or a space. */
  static String quoted(String key) {
    return com.typesafe.config.ConfigUtil.joinPath(key);
  }
}
