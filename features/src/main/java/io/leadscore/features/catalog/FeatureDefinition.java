package io.leadscore.features.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.leadscore.features.FeaturesErrors;
import java.util.List;
import java.util.Locale;

/**
 * One feature, defined once: docs, reason texts and drift reports all read this definition.
 *
 * <p>Reason templates describe the lead's fact for a sales rep; the direction ("raises" / "lowers") is
 * added in front by the scoring module. {@code {value}} is the value in the unit of {@link #display}, and
 * {@code {value:word|words}} adds the word that agrees with it ("1 page", "5 pages"). The standard
 * catalogue reads its templates from the resource bundle {@code io/leadscore/features/catalog/reasons}.
 *
 * @param levels  for categorical features, the levels in index order (value = index)
 * @param display how the value is shown to a rep (unit conversion); null = by type
 * @param reasons the reason sentences; stored flat in JSON ({@code reasonUp}, {@code reasonDown},
 *                {@code reasonMissing}, {@code reasonZero}) as catalogues and model cards always were
 */
@JsonPropertyOrder({"name", "group", "description", "type", "missing", "reasonUp", "reasonDown", "levels", "display",
    "reasonMissing", "reasonZero", "dateDerived", "encodes", "reasonFamily"})
public record FeatureDefinition(String name, String group, String description, Type type, Missing missing,
                                List<String> levels, @JsonIgnore Values values, @JsonIgnore ReasonTemplates reasons)
    implements java.io.Serializable {
  /**
   * How the feature's values are shown and how they vary.
   *
   * @param display     how a value is shown to a rep
   * @param dateDerived the value is a function of the snapshot date alone (one value per date, e.g. the month):
   *                    comparing two dates' distributions says nothing about the leads, so drift is not measured
   * @param encodes     the categorical column this value encodes, one value per category and date (a category's
   *                    conversion rate among outcomes known before D); null = none. Each night's rates move every
   *                    lead of a category at once, so the values are not drift-tested: the category's mix is
   */
  public record Values(Display display, boolean dateDerived, String encodes) implements java.io.Serializable {
    public Values(Display display, boolean dateDerived) {
      this(display, dateDerived, null);
    }
  }

  /**
   * The sentences of one feature for a rep.
   *
   * @param up      sentence when the feature pushes the score up
   * @param down    sentence when it pushes the score down
   * @param missing sentence when the value is missing; null = a generic "not recorded" sentence
   * @param zero    sentence when the value is 0 (e.g. "No page visits in the last 7 days"); null = the up/down
   *                template
   * @param family  the reason family: features that tell a rep the same fact (lead age and its decay) share one, and
   *                a lead's top reasons come from distinct families; null = the feature's own (see {@link #family()})
   */
  public record ReasonTemplates(String up, String down, String missing, String zero, String family)
      implements java.io.Serializable {
    public ReasonTemplates(String up, String down, String missing, String zero) {
      this(up, down, missing, zero, null);
    }
  }

  public enum Type { COUNT, RATIO, DAYS, NUMBER, CATEGORY }

  /**
   * How a missing value is treated: kept missing (XGBoost learns a direction), zero (counts: no event is
   * zero events), or kept missing with a {@code <name>_missing} 0/1 feature next to it in the catalogue.
   */
  public enum Missing { KEEP, ZERO, INDICATOR }

  /**
   * How a value is shown to a rep: never a logarithm, a decay or a raw rate. COUNT/INTEGER: a whole
   * number; HOURS: hours, or days/weeks above 48 h; DAYS: days, or weeks from 14 days; PERCENT: a 0-1
   * rate as a percentage; PER_WEEK: a per-day rate per week, or per month below once a
   * week; EXP_COUNT: e^value rounded (log
   * employees as employees); DECAY_30_DAYS: exp(-days/30) back to days; HOUR_OF_DAY; MONTH (1-12 as a
   * name); LEVEL: a categorical level; DECIMAL: a number with at most one decimal.
   */
  public enum Display { COUNT, INTEGER, HOURS, DAYS, PERCENT, PER_WEEK, EXP_COUNT, DECAY_30_DAYS, HOUR_OF_DAY,
    MONTH, LEVEL, DECIMAL }

  /** Suffix of a missing-indicator feature's name. */
  public static final String INDICATOR_SUFFIX = "_missing";

  public FeatureDefinition {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw FeaturesErrors.of("Feature name '%s' must be snake_case", name);
    }
    levels = levels == null ? List.of() : List.copyOf(levels);
    reasons = reasons == null ? new ReasonTemplates(null, null, null, null) : reasons;
    if (type == Type.CATEGORY && levels.isEmpty()) {
      throw FeaturesErrors.of("Categorical feature '%s' needs its levels", name);
    }
    if (values == null || values.display() == null) {
      values = new Values(defaultDisplay(type), values != null && values.dateDerived(),
          values == null ? null : values.encodes());
    }
  }

  @JsonProperty("display")
  public Display display() {
    return values.display();
  }

  /** One value per snapshot date, whatever the lead ({@link Values#dateDerived}); absent from JSON when false. */
  @JsonProperty("dateDerived")
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  public boolean dateDerived() {
    return values.dateDerived();
  }

  /** The category this value encodes per date ({@link Values#encodes}); absent from JSON when none. */
  @JsonProperty("encodes")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String encodes() {
    return values.encodes();
  }

  /** The display of a definition that names none (e.g. a catalogue stored before displays existed). */
  static Display defaultDisplay(Type type) {
    return switch (type == null ? Type.NUMBER : type) {
      case COUNT -> Display.COUNT;
      case DAYS -> Display.DAYS;
      case CATEGORY -> Display.LEVEL;
      case RATIO, NUMBER -> Display.DECIMAL;
    };
  }

  /** The flat JSON form of catalogues and model cards. */
  @JsonCreator
  static FeatureDefinition fromJson(@JsonProperty("name") String name, @JsonProperty("group") String group,
      @JsonProperty("description") String description, @JsonProperty("type") Type type,
      @JsonProperty("missing") Missing missing, @JsonProperty("reasonUp") String reasonUp,
      @JsonProperty("reasonDown") String reasonDown, @JsonProperty("levels") List<String> levels,
      @JsonProperty("display") Display display, @JsonProperty("reasonMissing") String reasonMissing,
      @JsonProperty("reasonZero") String reasonZero, @JsonProperty("dateDerived") Boolean dateDerived,
      @JsonProperty("encodes") String encodes, @JsonProperty("reasonFamily") String reasonFamily) {
    return new FeatureDefinition(name, group, description, type, missing, levels,
        new Values(display, Boolean.TRUE.equals(dateDerived), encodes),
        new ReasonTemplates(reasonUp, reasonDown, reasonMissing, reasonZero, reasonFamily));
  }

  /** The family as defined; absent from JSON when none is (a card stored before families existed). */
  @JsonProperty("reasonFamily")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String reasonFamily() {
    return reasons.family();
  }

  /**
   * The reason family: the defined one, else the feature's own name (a missing indicator shares its feature's,
   * since "not recorded" and the value are one fact).
   */
  @JsonIgnore
  public String family() {
    if (reasons.family() != null) {
      return reasons.family();
    }
    return name.endsWith(INDICATOR_SUFFIX) ? name.substring(0, name.length() - INDICATOR_SUFFIX.length()) : name;
  }

  @JsonProperty("reasonUp")
  public String reasonUp() {
    return reasons.up();
  }

  @JsonProperty("reasonDown")
  public String reasonDown() {
    return reasons.down();
  }

  @JsonProperty("reasonMissing")
  public String reasonMissing() {
    return reasons.missing();
  }

  @JsonProperty("reasonZero")
  public String reasonZero() {
    return reasons.zero();
  }

  /**
   * The definition as one line, in the exact form of this record's {@code toString} before the reason
   * sentences were grouped: the version of a learned catalogue hashes it, so it must not move when the
   * record's shape does (a new version would make every earlier model's catalogue look different).
   */
  public String signature() {
    return "FeatureDefinition[name=" + name + ", group=" + group + ", description=" + description + ", type=" + type
        + ", missing=" + missing + ", reasonUp=" + reasonUp() + ", reasonDown=" + reasonDown() + ", levels=" + levels
        + ", display=" + display() + ", reasonMissing=" + reasonMissing() + ", reasonZero=" + reasonZero() + "]";
  }

  public static FeatureDefinitionBuilder builder(String name) {
    return new FeatureDefinitionBuilder(name);
  }

  /**
   * The reason sentence (without its direction) for a value and the direction of its contribution, in the
   * catalogue's own language; the scoring module's {@code ReasonText} adds the direction and other languages.
   */
  public String reason(double value, boolean positive) {
    return ReasonFormat.ROOT.sentence(this, value, positive);
  }
}
