package io.leadscore.cli.docs;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code docs/reference/configuration.md}: every key of every module's {@code reference.conf}, its default and its
 * comment. A key is described by its own comment, by the comment of the key on the line right above it (a group
 * such as the XGBoost parameters) or by its section's comment; {@link #undescribed} lists the others.
 */
public final class ConfigDocs {
  /** Modules in dependency order: each has a reference.conf with its defaults. */
  public static final List<String> MODULES = List.of("core", "ingest", "features", "models", "serving", "training",
      "scoring", "monitoring");
  /** Sections whose children are names a user chooses (core's leadscore.config.open_sections). */
  static final List<String> OPEN = List.of("leadscore.sources", "leadscore.training.grid", "leadscore.spark.conf");

  /** One key: its path, default, description, and the key above whose description it shares (or null). */
  record Key(String path, String value, String description, String sharedWith) {}

  private ConfigDocs() {}

  public static Path file(Path repo, String module) {
    return repo.resolve(module).resolve("src/main/resources/reference.conf");
  }

  public static List<Key> keys(Path referenceConf) {
    ConfigObject root = ConfigFactory.parseFile(referenceConf.toFile(), ConfigParseOptions.defaults()
        .setAllowMissing(false)).root();
    List<Key> out = new ArrayList<>();
    walk(root, "", "", out);
    return out;
  }

  private static void walk(ConfigObject obj, String prefix, String sectionComment, List<Key> out) {
    List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(obj.entrySet());
    entries.sort(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()));
    Key previous = null;
    int previousLine = -10;
    for (Map.Entry<String, ConfigValue> e : entries) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      ConfigValue v = e.getValue();
      String own = String.join(" ", v.origin().comments().stream().map(String::strip).toList()).strip();
      if (path.equals("leadscore.sources")) {
        continue; // the source mappings: docs/how-to/new-crm-export.md
      }
      if (v instanceof ConfigObject o && !o.isEmpty() && !OPEN.contains(path)) {
        walk(o, path, prefix.isEmpty() ? "" : own, out); // a section's comment covers its own keys only
        previous = null;
        continue;
      }
      int line = v.origin().lineNumber();
      Key k;
      if (!own.isEmpty()) {
        k = new Key(path, render(v), own, null);
      } else if (previous != null && line == previousLine + 1 && !previous.description().isEmpty()) {
        k = new Key(path, render(v), previous.description(),
            previous.sharedWith() == null ? previous.path() : previous.sharedWith());
      } else {
        k = new Key(path, render(v), sectionComment, null); // the section's comment, shown in full
      }
      out.add(k);
      previous = k;
      previousLine = line;
    }
  }

  private static String render(ConfigValue v) {
    try {
      // a default an environment variable may replace renders as `"x",${?VAR}`: say it in words
      return v.render(ConfigRenderOptions.concise().setJson(false)).replaceAll(",\\$\\{\\?(\\w+)\\}", " (or \\$$1)");
    } catch (RuntimeException e) {
      return v.unwrapped() == null ? "null" : v.unwrapped().toString();
    }
  }

  public static List<String> undescribed(Path repo) {
    List<String> bad = new ArrayList<>();
    for (String m : MODULES) {
      keys(file(repo, m)).stream().filter(k -> k.description().isBlank())
          .forEach(k -> bad.add(m + "/src/main/resources/reference.conf: " + k.path()));
    }
    return bad;
  }

  public static String markdown(Path repo) {
    StringBuilder s = new StringBuilder("# Configuration reference\n\n")
        .append("Generated from each module's `src/main/resources/reference.conf` by `ConfigDocs` (cli tests): do not ")
        .append("edit by hand; `DocsTest` fails when it differs, and when a key has no comment.\n\n")
        .append("A configuration file (`--conf`, default `conf/local.conf`) overrides these defaults; `--set KEY=VALUE` ")
        .append("overrides the file. Unknown keys under `leadscore` are rejected at start-up (exit 2). The source ")
        .append("mappings (`leadscore.sources`) are described in [a new CRM export](../how-to/new-crm-export.md).\n\n");
    for (String m : MODULES) {
      s.append("- [").append(m).append("](#").append(m).append(")\n");
    }
    for (String m : MODULES) {
      s.append("\n## ").append(m).append("\n\n`").append(m).append("/src/main/resources/reference.conf`\n\n")
          .append("| key | default | description |\n|---|---|---|\n");
      for (Key k : keys(file(repo, m))) {
        String d = k.sharedWith() != null && !k.description().isEmpty() ? "(with `" + k.sharedWith() + "`)"
            : k.description();
        s.append("| `").append(k.path()).append("` | `").append(cell(k.value())).append("` | ").append(cell(d))
            .append(" |\n");
      }
    }
    return s.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
  }
}
