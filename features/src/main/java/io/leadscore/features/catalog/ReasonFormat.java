package io.leadscore.features.catalog;

import io.leadscore.features.catalog.FeatureDefinition.Display;
import java.io.Serializable;
import java.text.NumberFormat;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a feature value into the sentence a sales rep reads, in one language: the template for the case
 * (missing, zero, raises, lowers) with the value in human units and words that agree with it. The
 * sentences and unit words live in the resource bundle {@code io/leadscore/features/catalog/reasons}, one
 * {@code .properties} file per language, so a new language is a file, not code. Plain Java, no Spark.
 */
public final class ReasonFormat implements Serializable {
  /** The bundle's base name. */
  public static final String BUNDLE = "io.leadscore.features.catalog.reasons";
  /** English, the language of the catalogue's own templates. */
  public static final ReasonFormat ROOT = new ReasonFormat(Locale.ROOT);

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{value(?::([^|}]*)\\|([^}]*))?}");

  private final Locale locale;
  private transient ResourceBundle bundle;
  private transient ResourceBundle root;
  // integer and one-decimal formats per thread and language (not thread-safe; made per call: a third of scoring)
  private static final ThreadLocal<java.util.Map<Locale, NumberFormat[]>> FORMATS =
      ThreadLocal.withInitial(java.util.HashMap::new);

  public ReasonFormat(Locale locale) {
    this.locale = locale;
  }

  /** A language tag ("en", "de"); "" or "root" is the catalogue's English. */
  public static ReasonFormat of(String languageTag) {
    return languageTag.isEmpty() || languageTag.equals("root") ? ROOT
        : new ReasonFormat(Locale.forLanguageTag(languageTag));
  }

  public Locale locale() {
    return locale;
  }

  /** A bundle entry in this language, e.g. {@code direction.up}. */
  public String text(String key) {
    return bundle().getString(key);
  }

  /** The sentence for a value, without its direction; never "unknown", "NaN" or a raw model value. */
  public String sentence(FeatureDefinition f, double value, boolean positive) {
    double v = shownValue(f.display(), value);
    if (Double.isNaN(v)) {
      String t = template(f, "missing", f.reasonMissing());
      return t != null ? t : text("generic.missing").replace("{label}", label(f.name()));
    }
    if (value == 0 && f.reasonZero() != null) {
      return template(f, "zero", f.reasonZero());
    }
    String t = positive ? template(f, "up", f.reasonUp()) : template(f, "down", f.reasonDown());
    return fill(t, f, v);
  }

  /** A feature's sentences in this language, placeholders left in: to tell which feature said a reason. */
  public java.util.List<String> templates(FeatureDefinition f) {
    java.util.List<String> out = new java.util.ArrayList<>(java.util.stream.Stream.of(template(f, "up", f.reasonUp()),
        template(f, "down", f.reasonDown()), template(f, "missing", f.reasonMissing()),
        template(f, "zero", f.reasonZero())).filter(java.util.Objects::nonNull).toList());
    out.add(text("generic.missing").replace("{label}", label(f.name())));
    return out;
  }

  /** The value alone in human units ("3 weeks", "52%"), "" when missing; for action texts. */
  public String shown(FeatureDefinition f, double value) {
    double v = shownValue(f.display(), value);
    return Double.isNaN(v) ? "" : fill("{value}", f, v);
  }

  /**
   * The template in this language: the bundle's entry when the definition carries the English entry of the same
   * key (a standard definition), else the definition's own text (a learned catalogue names its own features).
   */
  private String template(FeatureDefinition f, String kind, String own) {
    String key = f.name() + "." + kind;
    if (own == null || locale.equals(Locale.ROOT)) {
      return own;
    }
    try {
      return own.equals(root().getString(key)) ? bundle().getString(key) : own;
    } catch (MissingResourceException e) {
      return own;
    }
  }

  /** The value in the unit shown: NaN when it has no meaningful display (e.g. a decay of 0). */
  static double shownValue(Display d, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.NaN;
    }
    return switch (d) {
      case EXP_COUNT -> Math.exp(value);
      case DECAY_30_DAYS -> value > 0 && value <= 1 ? -30 * Math.log(value) : Double.NaN;
      default -> value;
    };
  }

  private String fill(String template, FeatureDefinition f, double v) {
    double n;
    String shown;
    switch (f.display()) {
      case HOURS -> {
        if (Math.round(v) <= 48) {
          return fill(template, Math.round(v), unit(Math.round(v), "hour"), null);
        }
        return duration(template, v / 24);
      }
      case DAYS, DECAY_30_DAYS -> {
        return duration(template, v);
      }
      case PERCENT -> {
        n = Math.round(v * 100);
        shown = integer(n) + "%";
      }
      case PER_WEEK -> {
        // "0.2 times a week" reads badly: below once a week, count per month (whole numbers)
        double weekly = Math.round(v * 7 * 10) / 10.0;
        if (weekly >= 1) {
          return fill(template, weekly, decimal(weekly), text("unit.per_week"));
        }
        n = Math.max(Math.round(v * 30.44), v > 0 ? 1 : 0);
        return fill(template, n, integer(n), text("unit.per_month"));
      }
      case EXP_COUNT -> {
        n = roundSignificant(v);
        shown = integer(n);
      }
      case HOUR_OF_DAY -> {
        n = Math.round(v);
        shown = String.format(Locale.ROOT, "%02d:00", (long) n % 24);
      }
      case MONTH -> {
        n = Math.round(v);
        shown = n >= 1 && n <= 12 ? Month.of((int) n).getDisplayName(TextStyle.FULL, displayLocale()) : integer(n);
      }
      case LEVEL -> {
        int i = (int) v;
        n = 1;
        shown = i >= 0 && i < f.levels().size() && i == v ? f.levels().get(i) : text("generic.other_level");
      }
      case DECIMAL -> {
        n = Math.round(v * 10) / 10.0;
        shown = decimal(n);
      }
      default -> {
        n = Math.round(v);
        shown = integer(n);
      }
    }
    return fill(template, n, shown, null);
  }

  /** Days as days (under 14), weeks (under 90 days) or months. */
  private String duration(String template, double days) {
    long d = Math.round(days);
    if (d < 14) {
      return fill(template, d, unit(d, "day"), null);
    }
    if (d < 90) {
      long w = Math.round(days / 7);
      return fill(template, w, unit(w, "week"), null);
    }
    long m = Math.round(days / 30.44);
    return fill(template, m, unit(m, "month"), null);
  }

  private String unit(long n, String unit) {
    return integer(n) + " " + agree(n, text("unit." + unit));
  }

  /** @param period for a rate, "a week" or "a month" after the counted word; null otherwise */
  private String fill(String template, double n, String shown, String period) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String rep = m.group(1) == null ? shown : shown + " " + agree(n, m.group(1) + "|" + m.group(2));
      rep = period == null ? rep : rep + " " + period;
      m.appendReplacement(out, Matcher.quoteReplacement(rep));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code one|other}: the singular for exactly 1, the plural otherwise (0 pages, 1.5 touches). */
  static String agree(double n, String forms) {
    int bar = forms.indexOf('|');
    return bar < 0 ? forms : n == 1 ? forms.substring(0, bar) : forms.substring(bar + 1);
  }

  /** Two significant digits above 100 (about 1,200 employees), whole numbers below. */
  static double roundSignificant(double v) {
    if (v < 100) {
      return Math.round(v);
    }
    double scale = Math.pow(10, Math.floor(Math.log10(v)) - 1);
    return Math.round(v / scale) * scale;
  }

  private String integer(double n) {
    return FORMATS.get().computeIfAbsent(displayLocale(), ReasonFormat::newFormats)[0].format(n);
  }

  private String decimal(double n) {
    return FORMATS.get().computeIfAbsent(displayLocale(), ReasonFormat::newFormats)[1].format(n);
  }

  private static NumberFormat[] newFormats(Locale l) {
    NumberFormat decimal = NumberFormat.getNumberInstance(l);
    decimal.setMaximumFractionDigits(1);
    return new NumberFormat[] {NumberFormat.getIntegerInstance(l), decimal};
  }

  private Locale displayLocale() {
    return locale.equals(Locale.ROOT) ? Locale.ENGLISH : locale;
  }

  /** A feature name in words: {@code lead_source} -> "Lead source". */
  static String label(String name) {
    String words = name.replace('_', ' ').trim();
    return words.isEmpty() ? name : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private ResourceBundle bundle() {
    return bundle == null ? (bundle = load(locale)) : bundle;
  }
  private ResourceBundle root() {
    return root == null ? (root = load(Locale.ROOT)) : root;
  }

  private static ResourceBundle load(Locale l) {
    return ResourceBundle.getBundle(BUNDLE, l, ResourceBundle.Control.getNoFallbackControl(
        ResourceBundle.Control.FORMAT_PROPERTIES));
  }
}
