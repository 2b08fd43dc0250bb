package io.leadscore.features.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Writes {@code docs/reference/features.md} from the standard catalogue, so the docs cannot drift from the code
 * (a test fails when the file is out of date). Run: {@code java ... io.leadscore.features.catalog.FeatureDocs
 * docs/reference/features.md}, or the test's message says how.
 */
public final class FeatureDocs {
  private FeatureDocs() {}

  public static String markdown(FeatureCatalog c) {
    StringBuilder s = new StringBuilder();
    s.append("# Feature catalogue (").append(c.version()).append(")\n\n")
        .append("Generated from `io.leadscore.features.catalog.StandardCatalog` by `FeatureDocs`: do not edit by hand.\n")
        .append("Every feature of snapshot date D is computed from data with timestamps strictly before D; a count\n")
        .append("with no event is 0; a ratio with a zero denominator is missing (never 0 or infinity); missing values\n")
        .append("stay missing for XGBoost. Categorical features are the index into their levels. The `features` table\n")
        .append("has these columns in this order, after `lead_id` and `as_of_date`.\n\n")
        .append("A static labelled export (e.g. X Education) has its own catalogue, learned from its columns by the\n")
        .append("features run and stored at `<storage.root>/gold/features/_leadscore/catalog.json`.\n\n")
        .append("Reasons: the sentence a sales rep reads when the feature raises / lowers the score, when its value is\n")
        .append("missing and when it is 0, from `reasons.properties` in this package (one file per language); `{value}`\n")
        .append("is shown in the display unit (never a logarithm, a decay or a raw rate).\n\n")
        .append("| # | feature | group | type | missing | description | display | reason (up / down; missing; zero) |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    int i = 1;
    for (FeatureDefinition f : c.features()) {
      String type = f.type().name().toLowerCase(java.util.Locale.ROOT);
      if (!f.levels().isEmpty()) {
        type += " (" + String.join(", ", f.levels()) + ")";
      }
      s.append("| ").append(i++).append(" | `").append(f.name()).append("` | ").append(f.group()).append(" | ")
          .append(type).append(" | ").append(missing(f.missing())).append(" | ").append(cell(f.description()))
          .append(perDate(f)).append(" | ").append(f.display().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
          .append(cell(f.reasonUp())).append(" / ").append(cell(f.reasonDown()))
          .append(f.reasonMissing() == null ? "" : "; missing: " + cell(f.reasonMissing()))
          .append(f.reasonZero() == null ? "" : "; zero: " + cell(f.reasonZero())).append(" |\n");
    }
    s.append("\n").append(c.features().stream().collect(Collectors.groupingBy(FeatureDefinition::group,
            java.util.TreeMap::new, Collectors.counting())).entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", "Features per group: ", ".\n")));
    return s.toString();
  }

  /** What the monitor reads from the definition: a value set per date is not drift-tested (docs/concepts/monitoring.md). */
  private static String perDate(FeatureDefinition f) {
    if (f.dateDerived()) {
      return " (one value per date: not drift-tested)";
    }
    return f.encodes() == null ? "" : " (one value per " + f.encodes() + " and date: not drift-tested, `" + f.encodes()
        + "` is)";
  }

  private static String missing(FeatureDefinition.Missing m) {
    return switch (m) {
      case KEEP -> "kept missing";
      case ZERO -> "0";
      case INDICATOR -> "kept missing + `_missing` indicator";
    };
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/reference/features.md");
    Files.writeString(out, markdown(FeatureCatalog.standard()));
    System.out.println("wrote " + out.toAbsolutePath());
  }
}
