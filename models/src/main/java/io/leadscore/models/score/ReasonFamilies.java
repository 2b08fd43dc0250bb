package io.leadscore.models.score;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.catalog.ReasonFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the family and direction of a stored reason sentence ("▼ Lead still open 8 months after creation" is
 * "▼ Lead age"), so that the nightly report counts what reps read by fact, not by wording: {@code lead_scores}
 * keeps the sentences only. Matches the sentence against each feature's templates in the reasons' language (a
 * sentence cut at {@code max_chars} matches by its beginning). Plain Java, no Spark.
 */
public final class ReasonFamilies {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{value(?::[^}]*)?}");

  /** @param lead the template's words before its first value: how much a cut sentence must agree with */
  private record Template(Pattern pattern, String family, int lead) {}

  private final ReasonFormat format;
  private final String up;
  private final String down;
  private final List<Template> templates = new ArrayList<>();

  /**
   * @param definitions the model's feature definitions (its card's), in input order
   * @param today       the families of a card stored before families existed (by feature name)
   * @param language    the reasons' language tag ({@code leadscore.scoring.reasons.language})
   */
  public ReasonFamilies(List<FeatureDefinition> definitions, FeatureCatalog today, String language) {
    this.format = ReasonFormat.of(language);
    this.up = format.text("direction.up") + " ";
    this.down = format.text("direction.down") + " ";
    for (FeatureDefinition f : definitions) {
      String family = f.reasonFamily() != null ? f.reasonFamily()
          : today.find(f.name()).map(FeatureDefinition::family).orElse(f.family());
      format.templates(f).forEach(t -> templates.add(new Template(regex(t), family, lead(t))));
    }
  }

  private static int lead(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    return m.find() ? m.start() : template.length();
  }

  private static Pattern regex(String template) {
    StringBuilder r = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      r.append(Pattern.quote(template.substring(last, m.start()))).append(".+?");
      last = m.end();
    }
    return Pattern.compile(r.append(Pattern.quote(template.substring(last))).toString());
  }

  /** The family key of a reason ("lead_age"), empty when no template of the model says it. */
  public Optional<String> family(String reason) {
    String s = reason.startsWith(up) ? reason.substring(up.length())
        : reason.startsWith(down) ? reason.substring(down.length()) : reason;
    boolean cut = s.endsWith("…");
    String body = cut ? s.substring(0, s.length() - 1) : s;
    Template best = null;
    for (Template t : templates) {
      Matcher m = t.pattern().matcher(body);
      if (m.matches()) {
        return Optional.of(t.family());
      }
      // a cut sentence is the beginning of one (the matcher ran out of input while still matching); a template
      // that opens with its value matches any beginning, so the one that agrees on the most words wins
      if (cut && m.hitEnd() && (best == null || t.lead() > best.lead())) {
        best = t;
      }
    }
    return Optional.ofNullable(best).map(Template::family);
  }

  /**
   * The reason as its direction and family in words ("▼ Lead age"); the sentence itself when no template says
   * it (e.g. a reason of a model whose card names no such feature).
   */
  public String label(String reason) {
    String arrow = reason.startsWith(up) ? up : reason.startsWith(down) ? down : "";
    return family(reason).map(f -> arrow + familyName(f)).orElse(reason);
  }

  private String familyName(String family) {
    try {
      return format.text("family." + family);
    } catch (MissingResourceException e) {
      String words = family.replace('_', ' ');
      return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
  }
}
