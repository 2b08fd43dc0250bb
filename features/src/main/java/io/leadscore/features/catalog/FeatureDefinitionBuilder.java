package io.leadscore.features.catalog;

import io.leadscore.features.FeaturesErrors;
import io.leadscore.features.catalog.FeatureDefinition.Display;
import io.leadscore.features.catalog.FeatureDefinition.Missing;
import io.leadscore.features.catalog.FeatureDefinition.Type;
import java.util.List;

/** Validating builder: no positional constructor calls in the catalogue. */
public final class FeatureDefinitionBuilder {
  private final String name;
  private String group;
  private String description;
  private Type type = Type.NUMBER;
  private Missing missing = Missing.KEEP;
  private String up;
  private String down;
  private List<String> levels = List.of();
  private Display display;
  private String missingText;
  private String zeroText;
  private boolean dateDerived;
  private String encodes;
  private String family;

  FeatureDefinitionBuilder(String name) {
    this.name = name;
  }

  public FeatureDefinitionBuilder group(String g) {
    this.group = g;
    return this;
  }

  public FeatureDefinitionBuilder describe(String d) {
    this.description = d;
    return this;
  }

  public FeatureDefinitionBuilder type(Type t) {
    this.type = t;
    return this;
  }

  public FeatureDefinitionBuilder missing(Missing m) {
    this.missing = m;
    return this;
  }

  public FeatureDefinitionBuilder levels(List<String> l) {
    this.levels = l;
    return this;
  }

  public FeatureDefinitionBuilder reasons(String upText, String downText) {
    this.up = upText;
    this.down = downText;
    return this;
  }

  public FeatureDefinitionBuilder display(Display d) {
    this.display = d;
    return this;
  }

  /** The sentence for a missing value ("No responses recorded yet"). */
  public FeatureDefinitionBuilder whenMissing(String text) {
    this.missingText = text;
    return this;
  }

  /** The value is a function of the snapshot date alone (one value per date): not drift-tested across dates. */
  public FeatureDefinitionBuilder dateDerived() {
    this.dateDerived = true;
    return this;
  }

  /**
   * The value encodes a categorical column, one value per category and date (e.g. the industry's conversion rate):
   * not drift-tested itself, the category's mix is.
   */
  public FeatureDefinitionBuilder encodes(String category) {
    this.encodes = category;
    return this;
  }

  /** The reason family this feature shares with features that say the same fact (default: its own name). */
  public FeatureDefinitionBuilder family(String f) {
    this.family = f;
    return this;
  }

  /** The sentence for a zero value ("No page visits in the last 7 days"). */
  public FeatureDefinitionBuilder whenZero(String text) {
    this.zeroText = text;
    return this;
  }

  public FeatureDefinition build() {
    if (group == null || description == null || up == null || down == null) {
      throw FeaturesErrors.of("Feature '%s' needs a group, a description and both reason templates", name);
    }
    return new FeatureDefinition(name, group, description, type, missing, levels,
        new FeatureDefinition.Values(display, dateDerived, encodes),
        new FeatureDefinition.ReasonTemplates(up, down, missingText, zeroText, family));
  }
}
